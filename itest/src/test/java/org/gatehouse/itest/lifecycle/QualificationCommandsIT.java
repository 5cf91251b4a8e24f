package org.gatehouse.itest.lifecycle;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.gatehouse.itest.lifecycle.LifecycleElement.OFFICER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install qualification's configuration as trusted commands, against the real element and its
 * command line (docs/extensions.md "Install qualification", docs/management.md "Qualification and
 * trust"): a fresh install admits only what an operator trusted, says how to trust the rest, and
 * takes a hash, a publisher or rules only once a person confirmed them; a hand edit of a
 * qualification file is a {@code conf.edit} command like every other hand edit.
 */
class QualificationCommandsIT {
    private static final Pattern PRINTED_ID = Pattern.compile("command ([0-9a-f-]{36})");

    @TempDir
    Path work;
    private CountingUpstream upstream;
    private LifecycleElement element;

    private void start(boolean testRules) {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "", testRules);
        element.start();
    }

    @AfterEach
    void stop() {
        if (element != null) {
            element.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aFreshInstallRefusesAnUnsignedUnlistedBundleSayingHowToTrustItAndAdmitsItOnceItsHashIsConfirmed() throws Exception {
        start(false);
        CommandResult status = element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "status", "--json");
        assertTrue(status.output().contains("\"qualification\":{\"default\":\"trusted\",\"rules\":\"none\""), status.output());
        assertTrue(element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "status").output()
                .contains("extension qualification: secure default, no rules in force"), "status says so");

        Path sample = SampleJars.sample("header-rewrite");
        String sha256 = LifecycleElement.sha256(Files.readAllBytes(sample));
        HttpResponse<String> refused = element.api.uploadJar("POST", "extensions", sample, ADMIN);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("gatehouse trust hash add " + sha256 + " --group GROUP"), refused.body());

        CommandResult byAdmin = element.cliAs(ADMIN, "trust", "hash", "add", sha256, "--group", "ops");
        assertEquals(1, byAdmin.exitCode(), "an admin does not decide what may come in: " + byAdmin.output());
        CommandResult submitted = element.cliAs(OFFICER, "trust", "hash", "add", sha256, "--group", "ops");
        assertEquals(0, submitted.exitCode(), submitted.output());
        assertEquals(422, element.api.uploadJar("POST", "extensions", sample, ADMIN).statusCode(), "refused before the confirmation");
        assertTrue(element.cliAs(OFFICER, "trust", "list").output().contains("listed hashes: none"), "nothing listed yet");

        element.api.confirmPrinted(submitted.output());
        String listed = element.cliAs(OFFICER, "trust", "list", "--json").output();
        assertTrue(Pattern.compile("\"sha256\"\\s*:\\s*\"" + sha256 + "\"").matcher(listed).find(), listed);
        HttpResponse<String> admitted = element.api.uploadJar("POST", "extensions", sample, ADMIN);
        assertEquals(202, admitted.statusCode(), "admitted once its hash is listed: " + admitted.body());
        element.api.done(admitted);
        assertTrue(element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "status", "--json").output()
                .contains("\"listedHashes\":1"), "status counts the listed hash");
    }

    @Test
    void aBundleSignedByAPublisherIsAdmittedOnlyOnceThePublisherIsTrustedAndACancelledTrustChangesNothing() throws Exception {
        start(false);
        Authority vendor = TestPki.authority("CN=Acme Release CA,O=Acme");
        Issued signer = vendor.leaf("CN=Acme Release Signing,O=Acme");
        Path signed = TestPki.signJar(SampleJars.sample("header-rewrite"), work.resolve("signed.jar"), signer);
        Path pem = TestPki.pem(work.resolve("acme.pem"), vendor.certificate());

        HttpResponse<String> untrusted = element.api.uploadJar("POST", "extensions", signed, ADMIN);
        assertEquals(422, untrusted.statusCode(), untrusted.body());
        assertTrue(untrusted.body().contains("untrusted publisher"), untrusted.body());

        CommandResult cancelled = element.cliAs(OFFICER, "trust", "publisher", "add", pem.toString(), "--name", "acme");
        assertEquals(0, cancelled.exitCode(), cancelled.output());
        Matcher id = PRINTED_ID.matcher(cancelled.output());
        assertTrue(id.find(), cancelled.output());
        CommandResult withdrawn = element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "commands", "cancel", id.group(1));
        assertEquals(0, withdrawn.exitCode(), withdrawn.output());
        assertEquals(422, element.api.uploadJar("POST", "extensions", signed, ADMIN).statusCode(), "a cancelled trust changes nothing");

        CommandResult submitted = element.cliAs(OFFICER, "trust", "publisher", "add", pem.toString(), "--name", "acme");
        assertEquals(0, submitted.exitCode(), submitted.output());
        String confirmed = element.api.confirmPrinted(submitted.output());
        assertTrue(confirmed.contains("subject CN=Acme Release CA,O=Acme"), "the person was shown the publisher: " + confirmed);
        HttpResponse<String> admitted = element.api.uploadJar("POST", "extensions", signed, ADMIN);
        assertEquals(202, admitted.statusCode(), "admitted once its publisher is trusted: " + admitted.body());
        element.api.done(admitted);
        assertEquals(422, element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), ADMIN).statusCode(),
                "an unsigned bundle is still refused");
    }

    @Test
    void qualificationRulesEditedByHandAreAConfEditCommandAndOnlyConfirmedRulesDecide() throws Exception {
        start(true);
        Path rules = element.gatehouse.confDir().resolve("qualification-rules.xml");
        Files.writeString(rules, """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="nobody" answer="deny" hash-scope="any"/>
                </qualification-rules>
                """);
        String pending = awaitCommand("awaiting_confirmation", "qualification-rules.xml");
        HttpResponse<String> stillAdmitted = element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), ADMIN);
        assertEquals(202, stillAdmitted.statusCode(), "the edit is not in force before it is confirmed: " + stillAdmitted.body());
        element.api.done(stillAdmitted);

        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(pending);
        assertTrue(id.find(), pending);
        String confirmed = element.api.confirm(id.group(1));
        assertTrue(confirmed.contains("+ rule nobody: deny"), "the person was shown the rule: " + confirmed);
        HttpResponse<String> denied = element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), ADMIN);
        assertEquals(422, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("denied by qualification rule [nobody]"), denied.body());

        // content that does not read: aborted at its submission with the reader's [line:col], and nothing changes
        Files.writeString(rules, "<qualification-rules xmlns=\"urn:gatehouse:qualification-rules:1\">\n  <oops/>\n</qualification-rules>\n");
        String aborted = awaitCommand("aborted", "qualification-rules.xml");
        assertTrue(aborted.contains("qualification-rules.xml [2:"), aborted);
        assertFalse(element.cliAs(ADMIN, "qualification", "rules", "show").output().contains("oops"), "the rules in force stay");
    }

    /** The commands of that state whose target is {@code target}, once one is there (the hand-edit check runs every second). */
    private String awaitCommand(String state, String target) throws InterruptedException {
        Pattern command = Pattern.compile("\"type\"\\s*:\\s*\"conf\\.edit\"\\s*,\\s*\"target\"\\s*:\\s*\"" + Pattern.quote(target) + "\"");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String commands = element.api.get("commands?state=" + state, LifecycleElement.AUDITOR).body();
        while (!command.matcher(commands).find() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            commands = element.api.get("commands?state=" + state, LifecycleElement.AUDITOR).body();
        }
        assertTrue(command.matcher(commands).find(), "a conf.edit of " + target + " " + state + ": " + commands);
        return commands;
    }
}
