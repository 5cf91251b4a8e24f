package org.gatehouse.management.confedit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.Books;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.testing.InMemoryFlowService;
import org.gatehouse.management.testing.SwitchableServices;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of a real conf folder edited by hand become {@code conf.edit} commands of a real command
 * book, rendered by the real policy merge, flows preview and users reader, and put in force only
 * once confirmed (docs/management.md "Hand edits").
 */
class HandEditDeskTest {
    private static final String RESTRICTED_EXIT = "    <permission type=\"runtime\" name=\"exitVM\"/>\n    <permission type=\"file\" name=\"/data/keys/-\"";

    @TempDir
    Path home;
    Path conf;
    Path data;
    InForceLedger ledger;
    SwitchableServices services;
    Books.Recording audit;
    UsersFile users;
    CommandBook book;
    HandEditDesk desk;
    String systemPolicy;

    @BeforeEach
    void element() throws Exception {
        conf = Files.createDirectories(home.resolve("conf"));
        data = Files.createDirectories(home.resolve("data"));
        Files.createDirectories(conf.resolve("extension-policies"));
        try (InputStream in = HandEditDeskTest.class.getResourceAsStream("/system-policy.xml")) {
            systemPolicy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(conf.resolve("system-policy.xml"), systemPolicy);
        Files.writeString(conf.resolve("flows.xml"), InMemoryFlowService.INITIAL);
        Files.writeString(conf.resolve(UsersFile.NAME), TestServer.usersXml(List.of()));
        ledger = InForceLedger.open(conf, data);
        // what the owners do at the first start: the files as installed are in force
        for (String name : List.of("system-policy.xml", "flows.xml", "qualification-rules.xml", "signature-db.xml")) {
            ledger.adopt(name, ledger.inForce(name));
        }
        ledger.adoptFolder("extension-policies");
        ledger.adoptFolder("trusted-publishers");
        services = new SwitchableServices();
        audit = new Books.Recording();
        users = UsersFile.gated(ledger);
        book = Books.open(data.resolve("commands"), Clock.systemUTC(), audit);
        desk = new HandEditDesk(book, ledger, ledger, services, users, audit, () -> true);
    }

    @AfterEach
    void close() throws IOException {
        desk.close();
        book.close();
    }

    @Test
    void aSystemPolicyEditedByHandAwaitsConfirmationShowingTheGrantAndIsInForceOnlyOnceConfirmed() throws Exception {
        String granting = widened();
        Files.writeString(conf.resolve("system-policy.xml"), granting);

        desk.checkAll();

        Command c = only(CommandState.AWAITING_CONFIRMATION);
        assertEquals(CommandType.CONF_EDIT, c.type());
        assertEquals("system-policy.xml", c.target());
        assertEquals(Command.HOST, c.submitter());
        assertTrue(c.rendering().contains("edited by hand on the host: conf/system-policy.xml"), c.rendering());
        assertTrue(c.rendering().contains("+ ext:com.acme.limiter/1.0.0 runtime exitVM"), c.rendering());
        assertTrue(c.rendering().contains("stays as edited, differing from it"), c.rendering());
        assertEquals(systemPolicy, text(ledger.inForce("system-policy.xml")), "not in force before it is confirmed");
        desk.checkAll();
        assertEquals(1, book.list().size(), "the same edit is one command");

        CommandBook.Decision d = book.confirm(c.id(), "security-officer-user", Books.anyRendering());

        assertEquals(CommandState.DONE, ((CommandBook.Decision.Ran) d).command().state(), d.toString());
        assertEquals(granting, text(ledger.inForce("system-policy.xml")));
        assertEquals(granting, Files.readString(conf.resolve("system-policy.xml")));
        desk.checkAll();
        assertEquals(1, book.list().size(), "in force now: nothing more to confirm");
    }

    @Test
    void qualificationRulesEditedByHandAwaitConfirmationNamingEachRuleAndAreInForceOnlyOnceConfirmed() throws Exception {
        String rules = """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="everyone" answer="enable" hash-scope="any"/>
                </qualification-rules>
                """;
        Files.writeString(conf.resolve("qualification-rules.xml"), rules);

        desk.checkAll();

        Command c = only(CommandState.AWAITING_CONFIRMATION);
        assertEquals("qualification-rules.xml", c.target());
        assertTrue(c.rendering().contains("edited by hand on the host: conf/qualification-rules.xml"), c.rendering());
        assertTrue(c.rendering().contains("  + rule everyone: enable, hash-scope any, native code denied\n"), c.rendering());
        assertEquals(Optional.empty(), ledger.inForce("qualification-rules.xml").map(String::new),
                "not in force before it is confirmed (there were no rules at the first start)");

        book.confirm(c.id(), "security-officer-user", Books.anyRendering());
        assertEquals(rules, text(ledger.inForce("qualification-rules.xml")));
    }

    @Test
    void aQualificationFileEditedByHandThatDoesNotReadIsAbortedNamingLineAndColumn() throws Exception {
        Files.writeString(conf.resolve("signature-db.xml"), """
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="ABC" added-by="admin" added-at="2026-01-01T00:00:00Z"><reference-group>g</reference-group></entry>
                </signature-database>
                """);
        Files.createDirectories(conf.resolve("trusted-publishers"));
        Files.writeString(conf.resolve("trusted-publishers/evil.pem"), "no certificate here\n");

        desk.checkAll();

        List<Command> aborted = book.list().stream().filter(x -> x.state() == CommandState.ABORTED).toList();
        assertEquals(2, aborted.size(), aborted.toString());
        assertTrue(aborted.stream().anyMatch(x -> x.reason().orElseThrow().startsWith("signature-db.xml [2:")
                && x.reason().orElseThrow().contains("/signature-database/entry[1]")), aborted.toString());
        assertTrue(aborted.stream().anyMatch(x -> x.reason().orElseThrow().contains("trusted-publishers/evil.pem: not an X.509 certificate")),
                aborted.toString());
        assertEquals(Optional.empty(), ledger.inForce("signature-db.xml").map(String::new));
    }

    @Test
    void aPublisherCertificateAddedByHandShowsItsSubjectIssuerFingerprintAndValidity() throws Exception {
        org.gatehouse.test.support.pki.Authority vendor = org.gatehouse.test.support.pki.TestPki.authority("CN=Hand Added,O=Acme");
        Files.createDirectories(conf.resolve("trusted-publishers"));
        org.gatehouse.test.support.pki.TestPki.pem(conf.resolve("trusted-publishers/acme.pem"), vendor.certificate());

        desk.checkAll();

        Command c = only(CommandState.AWAITING_CONFIRMATION);
        assertEquals("trusted-publishers/acme.pem", c.target());
        assertTrue(c.rendering().contains("trust the publisher acme"), c.rendering());
        assertTrue(c.rendering().contains("+ publisher certificate subject CN=Hand Added,O=Acme, issuer CN=Hand Added,O=Acme, SHA-256 fingerprint "
                + org.gatehouse.management.qualification.QualificationFiles.fingerprint(vendor.certificate())), c.rendering());
        assertEquals(List.of(), ledger.inForceIn("trusted-publishers"), "not trusted before the confirmation");
        book.confirm(c.id(), "security-officer-user", Books.anyRendering());
        assertEquals(List.of("trusted-publishers/acme.pem"), ledger.inForceIn("trusted-publishers"));
    }

    @Test
    void anEditThatDoesNotReadIsAbortedAtSubmissionNamingLineAndColumnAndChangesNothing() throws Exception {
        Files.writeString(conf.resolve("system-policy.xml"), systemPolicy.replace("<restrictions>", "<restrictions><oops/>"));

        desk.checkAll();

        Command c = only(CommandState.ABORTED);
        assertTrue(c.reason().orElseThrow().matches("(?s)system-policy\\.xml \\[\\d+:\\d+\\] .*"), c.reason().orElseThrow());
        assertEquals(systemPolicy, text(ledger.inForce("system-policy.xml")));
        desk.checkAll();
        assertEquals(1, book.list().size(), "the same broken content is not submitted again");
    }

    @Test
    void aNewerEditSupersedesTheOlderCommandAndPuttingBackTheContentInForceWithdrawsIt() throws Exception {
        Files.writeString(conf.resolve("system-policy.xml"), widened());
        desk.checkAll();
        Command first = only(CommandState.AWAITING_CONFIRMATION);
        Files.writeString(conf.resolve("system-policy.xml"), widened() + "\n");

        desk.checkAll();

        assertEquals(CommandState.CANCELLED, book.get(first.id()).orElseThrow().state());
        assertTrue(book.get(first.id()).orElseThrow().reason().orElseThrow().startsWith("superseded: conf/system-policy.xml was edited again"));
        Command second = only(CommandState.AWAITING_CONFIRMATION);
        Files.writeString(conf.resolve("system-policy.xml"), systemPolicy);
        desk.checkAll();
        assertEquals(CommandState.CANCELLED, book.get(second.id()).orElseThrow().state());
        assertTrue(book.list().stream().noneMatch(x -> x.state() == CommandState.AWAITING_CONFIRMATION));
    }

    @Test
    void aCancelledEditLeavesTheFileAsEditedNotInForceAndIsRecorded() throws Exception {
        Files.writeString(conf.resolve("system-policy.xml"), widened());
        desk.checkAll();
        Command c = only(CommandState.AWAITING_CONFIRMATION);

        book.cancel(c.id(), "security-officer-user", "cancelled");

        long deadline = System.currentTimeMillis() + 10_000;
        while (audit.records.stream().noneMatch(r -> r.kind().equals(HandEditDesk.DIFFERS)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Books.Audited differs = audit.records.stream().filter(r -> r.kind().equals(HandEditDesk.DIFFERS)).findFirst().orElseThrow();
        assertEquals("conf/system-policy.xml", differs.subject());
        assertTrue(differs.payload().contains("was cancelled; the file stays as edited and is not in force"), differs.payload());
        assertEquals(widened(), Files.readString(conf.resolve("system-policy.xml")));
        assertEquals(systemPolicy, text(ledger.inForce("system-policy.xml")));
        desk.checkAll();
        assertEquals(1, book.list().size(), "a declined edit is not submitted again in this run");
    }

    @Test
    void aRestartWithAnEditOnDiskKeepsTheContentInForceAndSubmitsTheEdit() throws Exception {
        Files.writeString(conf.resolve("system-policy.xml"), widened());
        desk.close();
        book.close();

        book = Books.open(data.resolve("commands"), Clock.systemUTC(), audit);
        desk = new HandEditDesk(book, InForceLedger.open(conf, data), InForceLedger.open(conf, data), services, users, audit, () -> true);
        desk.checkAll();

        assertEquals("system-policy.xml", only(CommandState.AWAITING_CONFIRMATION).target());
        assertEquals(systemPolicy, text(InForceLedger.open(conf, data).inForce("system-policy.xml")));
    }

    @Test
    void aPolicyFileAddedByHandIsACommandAndInForceOnceConfirmed() throws Exception {
        String policy = "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">"
                + "<permission type=\"socket\" name=\"127.0.0.1:7000\" actions=\"connect\"/></extension-policy>";
        Files.writeString(conf.resolve("extension-policies/com.acme.other.xml"), policy);

        desk.checkAll();

        Command c = only(CommandState.AWAITING_CONFIRMATION);
        assertEquals("extension-policies/com.acme.other.xml", c.target());
        assertTrue(c.rendering().contains("keep this policy for com.acme.other, no extension of that name is installed"), c.rendering());
        assertEquals(List.of(), ledger.inForceIn("extension-policies"));
        book.confirm(c.id(), "security-officer-user", Books.anyRendering());
        assertEquals(List.of("extension-policies/com.acme.other.xml"), ledger.inForceIn("extension-policies"));
    }

    @Test
    void aFlowsEditShowsTheFlowsPreviewAndIsPutInForceThroughTheFlowService() throws Exception {
        String edited = "<flows xmlns=\"urn:gatehouse:flows:1\"><flow name=\"pass\"/><flow name=\"second\"/></flows>";
        Files.writeString(conf.resolve("flows.xml"), edited);

        desk.checkAll();

        Command c = only(CommandState.AWAITING_CONFIRMATION);
        assertTrue(c.rendering().contains("+ flow second: steps "), c.rendering());
        assertFalse(services.flows.current().document().contains("second"));
        book.confirm(c.id(), "security-officer-user", Books.anyRendering());
        assertTrue(services.flows.current().document().contains("second"));
        assertEquals(edited, text(ledger.inForce("flows.xml")));
    }

    @Test
    void aUsersEditShowsTheUsersAndALineDiffWithSecretsMaskedAndTakesEffectOnlyOnceConfirmed() throws Exception {
        String digest = ManagementUsers.tokenDigestHex("mallory-token");
        String edited = TestServer.usersXml(List.of()).replace("</management-users>",
                "  <user name=\"mallory\"><role>security-officer</role><token sha256=\"" + digest + "\"/></user>\n</management-users>");
        Files.writeString(conf.resolve(UsersFile.NAME), edited);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        users.onHandEdit(told::add);

        assertTrue(users.get().users().stream().noneMatch(u -> u.name().equals("mallory")), "an edit by hand is not applied");
        assertEquals(List.of(UsersFile.NAME), told, "but told");
        desk.checkAll();

        Command c = only(CommandState.AWAITING_CONFIRMATION);
        assertTrue(c.rendering().contains("+ user mallory: roles [security-officer], 1 tokens"), c.rendering());
        assertTrue(c.rendering().contains("+ line "), c.rendering());
        assertTrue(c.rendering().contains("sha256=\"***\""), c.rendering());
        assertFalse(c.rendering().contains(digest), "no token digest is shown");
        book.confirm(c.id(), "security-officer-user", Books.anyRendering());
        assertTrue(users.get().users().stream().anyMatch(u -> u.name().equals("mallory")));
    }

    @Test
    void aCommandTheElementStoppedInIsDecidedFromTheContentInForce() throws Exception {
        Files.writeString(conf.resolve("system-policy.xml"), widened());
        desk.checkAll();
        Command c = only(CommandState.AWAITING_CONFIRMATION);

        assertFalse(desk.examine(c).orElseThrow().tookEffect());
        ledger.commit("system-policy.xml", Optional.of(widened().getBytes(StandardCharsets.UTF_8)));
        assertTrue(desk.examine(c).orElseThrow().tookEffect());
    }

    /** The system policy with runtime exitVM moved from the restrictions to the overridable grants. */
    private String widened() {
        assertTrue(systemPolicy.contains(RESTRICTED_EXIT));
        return systemPolicy.replace(RESTRICTED_EXIT, "    <permission type=\"file\" name=\"/data/keys/-\"")
                .replace("  </overridable>", "    <permission type=\"runtime\" name=\"exitVM\"/>\n  </overridable>");
    }

    private Command only(CommandState state) {
        List<Command> in = book.list().stream().filter(c -> c.state() == state).toList();
        assertEquals(1, in.size(), book.list().toString());
        return in.get(0);
    }

    private static String text(Optional<byte[]> content) {
        return new String(content.orElseThrow(), StandardCharsets.UTF_8);
    }
}
