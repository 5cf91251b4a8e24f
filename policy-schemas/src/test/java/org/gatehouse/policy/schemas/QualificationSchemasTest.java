package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schemas of install qualification (docs/extensions.md "Install qualification"), the signature database and the qualification
 * rules, accept their valid examples with defaults filled and reject the invalid ones with the
 * exact position and reason. The model and its checks beyond the schema live in
 * bundles/extension-qualification.
 */
class QualificationSchemasTest {
    record Entry(String sha256, @JacksonXmlProperty(localName = "added-by") String addedBy,
                 @JacksonXmlProperty(localName = "added-at") String addedAt,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "reference-group") List<String> referenceGroups,
                 String description) {}

    record Database(@JacksonXmlElementWrapper(useWrapping = false)
                    @JacksonXmlProperty(localName = "entry") List<Entry> entries) {}

    record Window(String days, String from, String to) {}

    record Match(@JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "reference-group") List<String> referenceGroups,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "publisher") List<String> publishers,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "uploader") List<String> uploaders,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "time-window") List<Window> timeWindows) {}

    record DropPermission(String type, String name, String note) {}

    record TimeLimit(String duration, String note) {}

    record Rule(String name, String answer, @JacksonXmlProperty(localName = "hash-scope") String hashScope,
                @JacksonXmlProperty(localName = "native-code") String nativeCode, Match match,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "drop-permission") List<DropPermission> dropPermissions,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "time-limit") List<TimeLimit> timeLimits) {}

    record Rules(@JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "rule") List<Rule> rules) {}

    private final XmlDocumentReader databaseReader = XmlDocumentReader.forSchema(GatehouseSchema.SIGNATURE_DATABASE);
    private final XmlDocumentReader rulesReader = XmlDocumentReader.forSchema(GatehouseSchema.QUALIFICATION_RULES);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(QualificationSchemasTest.class.getResource("/examples/" + name).toURI());
    }

    @Test
    void signatureDatabaseBinds() throws Exception {
        Database db = databaseReader.read(example("signature-database/valid/two-entries.xml"), Database.class);
        assertEquals(2, db.entries().size());
        assertEquals(List.of("vendor-approved", "reviewed-2026"), db.entries().get(0).referenceGroups());
        assertEquals("2026-02-02T10:00:00Z", db.entries().get(1).addedAt());
        databaseReader.read(example("signature-database/valid/empty.xml"), Database.class);
    }

    @Test
    void hashesAreLowerCaseHex() {
        assertRejected(databaseReader, "signature-database/invalid/uppercase-hash.xml",
                "uppercase-hash.xml [3:133] /signature-database/entry[1]: Value '2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881' "
                + "is not facet-valid with respect to pattern '[0-9a-f]{64}' for type 'Sha256'.");
    }

    @Test
    void aHashIsListedOnce() {
        assertRejected(databaseReader, "signature-database/invalid/duplicate-hash.xml",
                "duplicate-hash.xml [6:131] /signature-database/entry[2]: Duplicate unique value "
                + "[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] declared for identity constraint \"unique-sha256\" "
                + "of element \"signature-database\".");
    }

    @Test
    void anEntryNamesAGroup() {
        assertRejected(databaseReader, "signature-database/invalid/no-reference-group.xml",
                "no-reference-group.xml [4:18] /signature-database/entry[1]/description[1]: Invalid content was found starting "
                + "with element '{\"urn:gatehouse:signature-database:1\":description}'. "
                + "One of '{\"urn:gatehouse:signature-database:1\":reference-group}' is expected.");
    }

    @Test
    void rulesBindWithDefaults() throws Exception {
        Rules rules = rulesReader.read(example("qualification-rules/valid/full.xml"), Rules.class);
        assertEquals(List.of("revoked", "example-corp-office-hours", "lab-builds", "weekend-maintenance", "example-corp-native"),
                rules.rules().stream().map(Rule::name).toList());
        assertEquals("listed", rules.rules().get(0).hashScope(), "schema default");
        assertEquals("denied", rules.rules().get(0).nativeCode(), "schema default: no native code");
        assertEquals("allowed", rules.rules().get(4).nativeCode());
        assertEquals("unlisted", rules.rules().get(3).hashScope());
        assertEquals("MON TUE WED THU FRI", rules.rules().get(1).match().timeWindows().get(0).days());
        assertEquals("MON TUE WED THU FRI SAT SUN",
                rulesReader.read("r.xml", ("<qualification-rules xmlns='urn:gatehouse:qualification-rules:1'><rule name='a' answer='enable'>"
                        + "<match><time-window from='00:00' to='01:00'/></match></rule></qualification-rules>").getBytes(), Rules.class)
                        .rules().get(0).match().timeWindows().get(0).days(), "schema default: every day");
        DropPermission socket = rules.rules().get(2).dropPermissions().get(0);
        assertEquals("*", socket.name(), "schema default: every permission of the type");
        assertEquals("${extension.data}/-", rules.rules().get(2).dropPermissions().get(1).name());
        assertEquals("7d", rules.rules().get(2).timeLimits().get(0).duration());
        rulesReader.read(example("qualification-rules/valid/empty.xml"), Rules.class);
    }

    @Test
    void answerIsEnableConditionalEnableOrDeny() {
        assertRejected(rulesReader, "qualification-rules/invalid/unknown-answer.xml",
                "unknown-answer.xml [3:41] /qualification-rules/rule[1]: Value 'allow' is not facet-valid with respect to "
                + "enumeration '[enable, conditional-enable, deny]'. It must be a value from the enumeration.");
    }

    @Test
    void nativeCodeIsDeniedOrAllowed() {
        assertRejected(rulesReader, "qualification-rules/invalid/unknown-native-code.xml",
                "unknown-native-code.xml [3:58] /qualification-rules/rule[1]: Value 'yes' is not facet-valid with respect to "
                + "enumeration '[denied, allowed]'. It must be a value from the enumeration.");
    }

    @Test
    void timesAreHoursAndMinutesOfOneDay() {
        assertRejected(rulesReader, "qualification-rules/invalid/bad-time.xml",
                "bad-time.xml [4:50] /qualification-rules/rule[1]/match[1]/time-window[1]: Value '24:00' is not facet-valid "
                + "with respect to pattern '([01][0-9]|2[0-3]):[0-5][0-9]' for type 'TimeOfDay'.");
    }

    @Test
    void aTimeLimitIsACountOfSecondsMinutesHoursOrDays() {
        assertRejected(rulesReader, "qualification-rules/invalid/bad-time-limit.xml",
                "bad-time-limit.xml [3:76] /qualification-rules/rule[1]/time-limit[1]: Value 'P7D' is not facet-valid "
                + "with respect to pattern '[1-9][0-9]{0,5}(s|m|h|d)' for type 'LimitDuration'.");
    }

    @Test
    void daysAreThreeLetterNames() {
        assertRejected(rulesReader, "qualification-rules/invalid/unknown-day.xml",
                "unknown-day.xml [4:69] /qualification-rules/rule[1]/match[1]/time-window[1]: Value 'TUESDAY' is not facet-valid "
                + "with respect to enumeration '[MON, TUE, WED, THU, FRI, SAT, SUN]'. It must be a value from the enumeration.");
    }

    @Test
    void ruleNamesAreUnique() {
        assertRejected(rulesReader, "qualification-rules/invalid/duplicate-rule-name.xml",
                "duplicate-rule-name.xml [4:38] /qualification-rules/rule[2]: Duplicate unique value [vendor] declared for "
                + "identity constraint \"unique-rule-name\" of element \"qualification-rules\".");
    }

    @Test
    void matchComesBeforeConditions() {
        assertRejected(rulesReader, "qualification-rules/invalid/condition-before-match.xml",
                "condition-before-match.xml [5:12] /qualification-rules/rule[1]/match[1]: Invalid content was found starting "
                + "with element '{\"urn:gatehouse:qualification-rules:1\":match}'. One of '{\"urn:gatehouse:qualification-rules:1\":drop-permission, "
                + "\"urn:gatehouse:qualification-rules:1\":extra-audit, \"urn:gatehouse:qualification-rules:1\":time-limit}' is expected.");
    }

    @Test
    void externalEntitiesNeverResolve() {
        for (String name : List.of("signature-database/invalid/xxe.xml", "qualification-rules/invalid/xxe.xml")) {
            XmlDocumentReader reader = name.startsWith("signature") ? databaseReader : rulesReader;
            XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
            assertTrue(e.getMessage().contains("DOCTYPE is disallowed"), e.getMessage());
        }
    }

    private static void assertRejected(XmlDocumentReader reader, String name, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
        assertEquals(message, e.getMessage());
    }
}
