package org.gatehouse.extension.manager.internal.lifecycle;

import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.SDK_IMPORTS;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.passing;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.policy;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionManagerTest.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.extension.manager.internal.lifecycle.fixture.NotABladelet;
import org.gatehouse.extension.manager.internal.lifecycle.fixture.PassStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Every refusal, from qualification to a bundle that does not start, leaves nothing installed,
 * nothing stored, no journal entry and no policy behind (docs/extensions.md "Consistent after a crash"), and says why.
 */
class RejectionTest {
    private static final Uploader BOB = new Uploader("bob", "upload.jar");
    private static final String SOCKET = "<permission type='socket' name='127.0.0.1:6379' actions='connect'/>";

    @TempDir
    Path temp;
    ManagerFramework element;

    @AfterEach
    void stop() throws Exception {
        if (element != null) {
            element.close();
        }
    }

    private ExtensionOperationException refused(ExtensionJars jar, Optional<byte[]> policy) throws Exception {
        return refused(jar.writeTo(temp.resolve("uploads/upload.jar")), policy);
    }

    private ExtensionOperationException refused(Path jar, Optional<byte[]> policy) throws Exception {
        if (element == null) {
            element = ManagerFramework.start(temp);
        }
        ExtensionOperationException e = assertThrows(ExtensionOperationException.class, () -> element.manager.install(jar, policy, BOB));
        assertNothingLeft();
        return e;
    }

    private void assertNothingLeft() throws Exception {
        assertEquals(List.of(), element.bundles("com.acme.bad"), "nothing installed");
        assertEquals(List.of(), element.manager.list(), "nothing listed");
        assertEquals(List.of(), names(element.store().resolve("extensions")), "nothing stored");
        assertEquals(List.of(), names(element.store().resolve("journal")), "no journal entry");
        assertEquals(List.of(), names(element.store().resolve("staging")), "no staged upload");
        assertFalse(Files.exists(element.uploadedPolicy("com.acme.bad")), "no policy");
    }

    @Test
    void notAnArchiveIsDeniedByQualification() throws Exception {
        Path junk = Files.writeString(Files.createDirectories(temp.resolve("uploads")).resolve("junk.jar"), "not a zip at all");
        ExtensionOperationException e = refused(junk, Optional.empty());
        assertEquals(Kind.DENIED, e.kind());
        assertFalse(e.reasons().isEmpty());
    }

    @Test
    void importOutsideTheAllowedPackagesIsDeniedByQualification() throws Exception {
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0")
                .header("Import-Package", SDK_IMPORTS + ",org.apache.felix.framework"), Optional.empty());
        assertEquals(Kind.DENIED, e.kind());
        assertTrue(e.getMessage().contains("org.apache.felix.framework"), e.getMessage());
    }

    @Test
    void missingOrBrokenDescriptorIsInvalid() throws Exception {
        ExtensionOperationException none = refused(passing("com.acme.bad", "1.0.0").withoutDescriptor(), Optional.empty());
        assertEquals(Kind.INVALID, none.kind());
        assertEquals("upload.jar: the extension has no OSGI-INF/gatehouse/bladelets.xml", none.getMessage());

        ExtensionOperationException broken = refused(passing("com.acme.bad", "1.0.0")
                .entry("OSGI-INF/gatehouse/bladelets.xml", "<bladelets xmlns='urn:gatehouse:bladelet-descriptor:1'><bladelet/></bladelets>"),
                Optional.empty());
        assertEquals(Kind.INVALID, broken.kind());
        assertTrue(broken.getMessage().startsWith("upload.jar!/OSGI-INF/gatehouse/bladelets.xml [1:"), broken.getMessage());
    }

    @Test
    void bladeletClassOfTheWrongKindIsUninstalledBeforeItStarts() throws Exception {
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0").classes(NotABladelet.class)
                .descriptor("pass", NotABladelet.class.getName()), Optional.of(policy(SOCKET)));
        assertEquals(Kind.INVALID, e.kind());
        assertEquals("com.acme.bad 1.0.0: bladelet 'pass': class " + NotABladelet.class.getName()
                + " does not implement org.gatehouse.sdk.bladelet.Bladelet, which kind step needs", e.getMessage());
    }

    @Test
    void bladeletClassMissingFromTheBundleIsInvalid() throws Exception {
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0").descriptor("pass", "com.acme.Missing"), Optional.empty());
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("com.acme.bad 1.0.0: bladelet 'pass': class com.acme.Missing cannot be loaded"), e.getMessage());
    }

    @Test
    void bundleThatDoesNotStartIsUninstalled() throws Exception {
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0").header("Bundle-Activator", "com.acme.NoSuchActivator"),
                Optional.empty());
        assertEquals(Kind.FAILED, e.kind());
        assertTrue(e.getMessage().startsWith("com.acme.bad 1.0.0: did not start"), e.getMessage());
    }

    @Test
    void policyThatDoesNotReadIsInvalid() throws Exception {
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0"),
                Optional.of("<extension-policy xmlns='urn:gatehouse:extension-policy:1'><restrictions/></extension-policy>".getBytes()));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("uploaded policy of com.acme.bad [1:"), e.getMessage());
    }

    @Test
    void withoutRulesAndWithTheDefaultSetToDenyNothingIsAdmitted() throws Exception {
        element = ManagerFramework.startWithoutRules(temp, Map.of(QualifierSource.DEFAULT_ANSWER, "deny"));
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0"), Optional.empty());
        assertEquals(Kind.DENIED, e.kind());
        assertTrue(e.reasons().stream().anyMatch(r -> r.contains(QualifierSource.DEFAULT_ANSWER + "=deny")), e.reasons().toString());
    }

    @Test
    void theFormerDefaultThatAdmittedEverythingByAPropertyIsRefusedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QualifierSource.denyWithoutRules("admit"));
        assertTrue(e.getMessage().contains("gatehouse trust hash add SHA256 --group G"), e.getMessage());
        assertFalse(QualifierSource.denyWithoutRules(null), "unset is the secure default, trusted");
        assertTrue(QualifierSource.denyWithoutRules("deny"));
    }

    @Test
    void aSecureDefaultElementRefusesAnUnsignedUnlistedBundleAndAdmitsItOnceItsHashIsListed() throws Exception {
        element = ManagerFramework.startWithoutRules(temp, Map.of());
        Path jar = passing("com.acme.unsigned", "1.0.0").writeTo(temp.resolve("uploads/unsigned.jar"));
        String sha256 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));

        ExtensionOperationException e = assertThrows(ExtensionOperationException.class,
                () -> element.manager.install(jar, Optional.empty(), BOB));
        assertEquals(Kind.DENIED, e.kind());
        assertEquals("no qualification rule matched (sha256 [" + sha256 + "] is not in the signature database); "
                + QualifierSource.howToTrust(sha256), e.reasons().get(0));
        assertTrue(e.reasons().get(0).contains("gatehouse trust hash add " + sha256 + " --group GROUP"), e.reasons().get(0));
        assertTrue(element.bundles("com.acme.unsigned").isEmpty(), "nothing installed");

        // what a confirmed gatehouse trust hash add writes
        element.putInForce(QualifierSource.DATABASE, """
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="%s" added-by="alice" added-at="2026-01-01T00:00:00Z"><reference-group>ops</reference-group></entry>
                </signature-database>
                """.formatted(sha256));
        ExtensionRecord record = element.manager.install(jar, Optional.empty(), BOB);
        assertEquals("ENABLE", record.verdict());
        assertTrue(record.qualificationReasons().contains("rule: [" + QualifierSource.BUILT_IN_LISTED + "] answered ENABLE"),
                record.qualificationReasons().toString());
    }

    @Test
    void theSignatureDatabaseLeftInTheDataFolderStopsTheStartSayingWhereItGoes() throws Exception {
        Files.createDirectories(temp.resolve("home/data"));
        Files.writeString(temp.resolve("home/data/signature-db.xml"), "<signature-database xmlns=\"urn:gatehouse:signature-database:1\"/>");
        Exception e = assertThrows(Exception.class, () -> element = ManagerFramework.start(temp));
        Throwable cause = e;
        while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("signature database")) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("move " + temp.resolve("home/data/signature-db.xml")),
                String.valueOf(cause.getMessage()));
    }

    @Test
    void aRulesEditByHandIsNotPutInForceWhetherItReadsOrNot() throws Exception {
        Path rules = Files.createDirectories(temp.resolve("home/conf")).resolve("qualification-rules.xml");
        Files.writeString(rules, """
                <qualification-rules xmlns='urn:gatehouse:qualification-rules:1'>
                  <rule name='alice-only' answer='enable' hash-scope='any'><match><uploader>alice</uploader></match></rule>
                </qualification-rules>
                """);
        element = ManagerFramework.start(temp);
        // an edit that would admit everyone, valid: a hand edit waits for confirmation and is not in force
        Files.writeString(rules, """
                <qualification-rules xmlns='urn:gatehouse:qualification-rules:1'>
                  <rule name='everyone' answer='enable' hash-scope='any'/>
                </qualification-rules>
                """);
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0"), Optional.empty());
        assertEquals(Kind.DENIED, e.kind(), "bob still matches no rule");
        assertTrue(e.reasons().get(0).startsWith("no qualification rule matched (sha256 ["), e.reasons().toString());

        // and one that does not read
        Files.writeString(rules, """
                <qualification-rules xmlns='urn:gatehouse:qualification-rules:1'>
                  <rule name='everyone' answer='enable' hash-scope='any'><oops/></rule>
                </qualification-rules>
                """);
        assertEquals(Kind.DENIED, refused(passing("com.acme.bad", "1.0.0"), Optional.empty()).kind());
        Path jar = passing("com.acme.alice", "1.0.0").writeTo(temp.resolve("uploads/alice.jar"));
        ExtensionRecord record = element.manager.install(jar, Optional.empty(), new Uploader("alice", "alice.jar"));
        assertEquals("ENABLE", record.verdict(), "alice-only still admits alice");

        // a restart is no side door: the content in force stays
        element.restart();
        Path bad = passing("com.acme.bad", "1.0.0").writeTo(temp.resolve("uploads/bad.jar"));
        assertEquals(Kind.DENIED, assertThrows(ExtensionOperationException.class,
                () -> element.manager.install(bad, Optional.empty(), BOB)).kind());

        // confirmed (the content in force and the file written together), it holds
        element.putInForce(QualifierSource.RULES, Files.readString(rules).replace("<oops/>", ""));
        Path bobs = passing("com.acme.bobs", "1.0.0").writeTo(temp.resolve("uploads/bobs.jar"));
        assertEquals("ENABLE", element.manager.install(bobs, Optional.empty(), BOB).verdict());
    }

    @Test
    void aSignatureDatabaseEditByHandIsNotPutInForce() throws Exception {
        Path conf = Files.createDirectories(temp.resolve("home/conf"));
        Files.writeString(conf.resolve("qualification-rules.xml"), """
                <qualification-rules xmlns='urn:gatehouse:qualification-rules:1'>
                  <rule name='listed-only' answer='enable'/>
                </qualification-rules>
                """);
        Path jar = passing("com.acme.listed", "1.0.0").writeTo(temp.resolve("uploads/listed.jar"));
        String sha256 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        Path database = conf.resolve("signature-db.xml");
        Files.writeString(database, "<signature-database xmlns=\"urn:gatehouse:signature-database:1\"/>\n");
        element = ManagerFramework.start(temp);
        // an edit that lists the bundle, made by hand: not in force
        Files.writeString(database, """
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="%s" added-by="admin" added-at="2026-01-01T00:00:00Z"><reference-group>vendor</reference-group></entry>
                </signature-database>
                """.formatted(sha256));

        ExtensionOperationException e = assertThrows(ExtensionOperationException.class,
                () -> element.manager.install(jar, Optional.empty(), BOB));
        assertEquals(Kind.DENIED, e.kind());
        assertTrue(e.reasons().get(0).startsWith("hash not in signature database: sha256 [" + sha256 + "]"), e.reasons().toString());

        element.putInForce(QualifierSource.DATABASE, Files.readString(database));
        assertEquals("ENABLE", element.manager.install(jar, Optional.empty(), BOB).verdict(), "once confirmed, the entry lists it");
    }

    @Test
    void rulesDecideByUploaderAndConditionsNarrowThePolicy() throws Exception {
        element = ManagerFramework.start(temp);
        element.putInForce(QualifierSource.RULES, """
                <qualification-rules xmlns='urn:gatehouse:qualification-rules:1'>
                  <rule name='alice-without-network' answer='conditional-enable' hash-scope='any'>
                    <match><uploader>alice</uploader></match>
                    <drop-permission type='socket' name='*' note='no network until reviewed'/>
                  </rule>
                </qualification-rules>
                """);
        ExtensionOperationException e = refused(passing("com.acme.bad", "1.0.0"), Optional.of(policy(SOCKET)));
        assertEquals(Kind.DENIED, e.kind(), "bob matches no rule");

        Path jar = passing("com.acme.narrow", "1.0.0").writeTo(temp.resolve("uploads/narrow.jar"));
        ExtensionRecord record = element.manager.install(jar, Optional.of(policy(SOCKET,
                "<permission type='property' name='user.home' actions='read'/>")), new Uploader("alice", "narrow.jar"));
        assertEquals("CONDITIONAL_ENABLE", record.verdict());
        assertEquals(List.of("property user.home read"), record.grantedPermissions(), "the socket permission was dropped");
        assertFalse(record.policy().orElseThrow().contains("socket"), record.policy().orElseThrow());
        assertTrue(record.qualificationReasons().contains(
                "condition applied: drop-permission type [socket], name [*] (no network until reviewed)"), record.qualificationReasons().toString());
        assertTrue(record.qualificationReasons().stream().anyMatch(r -> r.startsWith("dropped [socket 127.0.0.1:6379 connect]")));
        assertEquals(Bundle.ACTIVE, element.only("com.acme.narrow").getState());

        ExtensionRecord replaced = element.manager.replacePolicy("com.acme.narrow", policy(SOCKET), new Uploader("alice", "p.xml"));
        assertEquals(List.of(), replaced.grantedPermissions(), "a replaced policy stays under the conditions it was admitted with");
    }

    @Test
    void failedUpgradeLeavesTheOldVersionRunning() throws Exception {
        element = ManagerFramework.start(temp);
        Path v1 = passing("com.acme.keep", "1.0.0").writeTo(temp.resolve("uploads/keep-1.jar"));
        ExtensionRecord first = element.manager.install(v1, Optional.of(policy(SOCKET)), BOB);
        Path v2 = passing("com.acme.keep", "2.0.0").classes(NotABladelet.class).descriptor("pass", NotABladelet.class.getName())
                .writeTo(temp.resolve("uploads/keep-2.jar"));
        ExtensionOperationException e = assertThrows(ExtensionOperationException.class,
                () -> element.manager.upgrade("com.acme.keep", v2, Optional.of(policy()), BOB));
        assertEquals(Kind.INVALID, e.kind());
        Bundle still = element.only("com.acme.keep");
        assertEquals("1.0.0", still.getVersion().toString());
        assertEquals(Bundle.ACTIVE, still.getState());
        assertEquals(first, element.manager.get("com.acme.keep").orElseThrow());
        assertEquals(List.of(first.sha256() + ".jar", first.policy().map(p -> "policy-"
                + org.gatehouse.extension.manager.internal.store.ExtensionStore.sha256(p.getBytes())).orElseThrow() + ".xml", "record.properties"),
                names(element.store().resolve("extensions/com.acme.keep")));
        assertTrue(Files.readString(element.uploadedPolicy("com.acme.keep")).contains("6379"), "the old policy is back");
        assertEquals(List.of(), names(element.store().resolve("journal")));
        assertTrue(PassStep.class.getName().length() > 0);
    }
}
