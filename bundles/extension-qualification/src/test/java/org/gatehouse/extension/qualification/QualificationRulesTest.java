package org.gatehouse.extension.qualification;

import static org.gatehouse.extension.qualification.ArchiveSafetyTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps 4 and 6 (docs/extensions.md "Install qualification"): the file's hash is looked up in the signature database, and the first
 * qualification rule that matches its groups, uploader and upload time answers. Unlisted hashes
 * are denied unless a rule admits them explicitly.
 */
class QualificationRulesTest {
    /** A Wednesday. */
    private static final Instant WEDNESDAY_NOON = Instant.parse("2026-03-04T12:00:00Z");

    private static final String RULES = """
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <rule name="blocked" answer="deny">
                <match><reference-group>revoked</reference-group></match>
              </rule>
              <rule name="vendor-office-hours" answer="enable">
                <match>
                  <reference-group>vendor-approved</reference-group>
                  <time-window days="MON TUE WED THU FRI" from="08:00" to="18:00"/>
                </match>
              </rule>
              <rule name="vendor-after-hours" answer="conditional-enable">
                <match><reference-group>vendor-approved</reference-group></match>
                <extra-audit note="installed outside office hours"/>
              </rule>
              <rule name="lab" answer="conditional-enable">
                <match><reference-group>lab</reference-group><uploader>alice</uploader><uploader>bob</uploader></match>
                <drop-permission type="socket" note="lab code talks to nobody"/>
                <drop-permission type="file" name="${extension.data}/-"/>
                <extra-audit/>
              </rule>
              <rule name="night-maintenance" answer="enable" hash-scope="unlisted">
                <match>
                  <uploader>ops-robot</uploader>
                  <time-window days="SAT SUN" from="22:00" to="04:00"/>
                </match>
              </rule>
            </qualification-rules>
            """;

    @TempDir
    Path dir;

    private SignatureDatabase database;
    private Path jar;
    private String sha256;

    @BeforeEach
    void setUp() throws Exception {
        database = SignatureDatabase.open(dir.resolve("signature-database.xml"));
        jar = TestBundles.bundle("com.example.ext").write(dir.resolve("ext.jar"));
        sha256 = InstallQualifier.builder().build().qualify(jar, upload("x", WEDNESDAY_NOON)).sha256();
    }

    private static Upload upload(String uploader, Instant at) {
        return new Upload("ext.jar", uploader, at);
    }

    private Qualification qualify(String rules, String uploader, Instant at) throws Exception {
        InstallQualifier qualifier = InstallQualifier.builder().signatureDatabase(database)
                .rules(QualificationRules.parse("rules.xml", rules.getBytes(StandardCharsets.UTF_8))).build();
        return qualifier.qualify(jar, upload(uploader, at));
    }

    private void list(String... groups) throws Exception {
        database.put(new SignatureEntry(sha256, List.of(groups), "test bundle", "admin", Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void unlistedHashIsDeniedWhenNoRuleAdmitsUnlistedHashes() throws Exception {
        String onlyListed = """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="anyone-listed" answer="enable"/>
                </qualification-rules>
                """;
        Qualification q = qualify(onlyListed, "alice", WEDNESDAY_NOON);
        assertDenied(q, "hash not in signature database: sha256 [" + sha256 + "] is not listed and no rule admits unlisted hashes");
        list("anything");
        assertEquals(Verdict.ENABLE, qualify(onlyListed, "alice", WEDNESDAY_NOON).verdict());
    }

    @Test
    void unlistedHashAdmittedOnlyByTheRuleThatSaysSo() throws Exception {
        Instant saturdayNight = Instant.parse("2026-03-07T23:30:00Z");
        Instant sundayEarly = Instant.parse("2026-03-08T03:59:00Z");
        assertEquals(Verdict.ENABLE, qualify(RULES, "ops-robot", saturdayNight).verdict());
        assertEquals(Verdict.ENABLE, qualify(RULES, "ops-robot", sundayEarly).verdict());
        assertDenied(qualify(RULES, "ops-robot", Instant.parse("2026-03-08T04:00:00Z")),
                "no qualification rule matched (sha256 [" + sha256 + "] is not in the signature database)");
        assertDenied(qualify(RULES, "alice", saturdayNight),
                "no qualification rule matched (sha256 [" + sha256 + "] is not in the signature database)");
    }

    @Test
    void listedInAGroupWithinTheWindowIsEnabled() throws Exception {
        list("vendor-approved", "reviewed-2026");
        Qualification q = qualify(RULES, "carol", WEDNESDAY_NOON);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(List.of("vendor-approved", "reviewed-2026"), q.referenceGroups());
        assertTrue(q.reasons().contains("rule: [vendor-office-hours] answered ENABLE"), q.reasons()::toString);
        assertTrue(q.conditions().isEmpty());
    }

    @Test
    void outsideTheWindowTheNextRuleAnswersWithConditions() throws Exception {
        list("vendor-approved");
        Qualification evening = qualify(RULES, "carol", Instant.parse("2026-03-04T18:00:00Z"));
        assertEquals(Verdict.CONDITIONAL_ENABLE, evening.verdict(), evening.reasons()::toString);
        assertEquals(List.of(Condition.extraAudit("installed outside office hours")), evening.conditions());
        Qualification saturday = qualify(RULES, "carol", Instant.parse("2026-03-07T12:00:00Z"));
        assertEquals(Verdict.CONDITIONAL_ENABLE, saturday.verdict());
    }

    @Test
    void firstMatchWinsEvenWhenALaterRuleWouldEnable() throws Exception {
        list("vendor-approved", "revoked");
        assertDenied(qualify(RULES, "carol", WEDNESDAY_NOON), "denied by qualification rule [blocked]");
    }

    @Test
    void uploaderMustBeNamedWhenTheRuleNamesUploaders() throws Exception {
        list("lab");
        Qualification q = qualify(RULES, "bob", WEDNESDAY_NOON);
        assertEquals(Verdict.CONDITIONAL_ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(List.of(Condition.dropPermission("socket", "*", "lab code talks to nobody"),
                Condition.dropPermission("file", "${extension.data}/-", ""), Condition.extraAudit("")), q.conditions());
        assertTrue(q.reasons().contains("condition: drop-permission type [socket], name [*] (lab code talks to nobody)"), q.reasons()::toString);
        assertDenied(qualify(RULES, "mallory", WEDNESDAY_NOON), "no qualification rule matched");
    }

    @Test
    void noRulesMeansDeny() throws Exception {
        list("vendor-approved");
        Qualification q = InstallQualifier.builder().signatureDatabase(database).build().qualify(jar, upload("alice", WEDNESDAY_NOON));
        assertDenied(q, "no qualification rule matched");
        assertEquals(List.of("vendor-approved"), q.referenceGroups(), "what was learnt before the deny stays in the result");
    }

    @Test
    void conditionalEnableWithoutConditionIsRejectedWithItsPath() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="ok" answer="enable"/>
                  <rule name="half" answer="conditional-enable"/>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8)));
        assertEquals("rules.xml [3:50] /qualification-rules/rule[2]: rule [half] answers conditional-enable but names no condition", e.getMessage());
    }

    @Test
    void aTimeLimitIsReadInItsUnitAndAtMostOnceARule() throws Exception {
        QualificationRules rules = QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="trial" answer="conditional-enable"><time-limit duration="36h" note="a trial"/></rule>
                  <rule name="short" answer="conditional-enable"><time-limit duration="90s"/><extra-audit/></rule>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(Condition.timeLimit(java.time.Duration.ofHours(36), "a trial")), rules.rules().get(0).conditions());
        assertEquals(List.of(Condition.extraAudit(""), Condition.timeLimit(java.time.Duration.ofSeconds(90), "")),
                rules.rules().get(1).conditions());
        assertEquals("time-limit [PT36H] (a trial)", rules.rules().get(0).conditions().get(0).describe());

        XmlDocumentException twice = assertThrows(XmlDocumentException.class, () -> QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="two" answer="conditional-enable"><time-limit duration="1h"/><time-limit duration="9d"/></rule>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8)));
        assertEquals("rules.xml [2:48] /qualification-rules/rule[1]: a rule has at most one time-limit, this one has 2", twice.getMessage());
        XmlDocumentException zero = assertThrows(XmlDocumentException.class, () -> QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="none" answer="conditional-enable"><time-limit duration="0h"/></rule>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8)));
        assertTrue(zero.getMessage().startsWith("rules.xml [2:76] /qualification-rules/rule[1]/time-limit[1]: Value '0h' is not facet-valid"),
                zero.getMessage());
    }

    @Test
    void conditionsOnAPlainEnableAreRejected() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="odd" answer="enable"><extra-audit/></rule>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8)));
        assertEquals("rules.xml [2:36] /qualification-rules/rule[1]: rule [odd] answers ENABLE but names conditions; "
                + "only conditional-enable carries them", e.getMessage());
    }

    @Test
    void schemaErrorsCarryLineAndColumn() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="bad" answer="maybe"/>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("rules.xml [2:36] /qualification-rules/rule[1]: Value 'maybe' is not facet-valid"), e.getMessage());
    }

    @Test
    void aFileIsNamedInItsErrorsWithLineAndColumn() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("qualification-rules.xml"), """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="ok" answer="enable"/>
                  <rule name="half" answer="conditional-enable">
                    <match><uploader>alice</uploader></match>
                  </rule>
                </qualification-rules>
                """);
        XmlDocumentException semantic = assertThrows(XmlDocumentException.class, () -> QualificationRules.read(file));
        assertEquals("qualification-rules.xml [3:49] /qualification-rules/rule[2]: rule [half] answers conditional-enable "
                + "but names no condition", semantic.getMessage());

        java.nio.file.Files.writeString(file, """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="ok" answer="enable"/>
                  <rule name="ok" answer="deny"/>
                </qualification-rules>
                """);
        XmlDocumentException schema = assertThrows(XmlDocumentException.class, () -> QualificationRules.read(file));
        assertTrue(schema.getMessage().startsWith("qualification-rules.xml [3:34] "
                + "/qualification-rules/rule[2]: Duplicate unique value [ok]"), schema.getMessage());
    }
}
