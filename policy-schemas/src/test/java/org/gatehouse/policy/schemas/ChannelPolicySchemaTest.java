package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The channel policy schema (docs/channels.md "Channel policy") accepts its valid examples with
 * defaults filled in and rejects the invalid ones with the exact position and reason. The model
 * and the checks beyond the schema (names that exist, SPIFFE IDs, zones, path patterns) live in
 * bundles/channels.
 */
class ChannelPolicySchemaTest {
    record Spiffe(String id, String match) {}

    record Identity(String name, @JacksonXmlElementWrapper(useWrapping = false)
                    @JacksonXmlProperty(localName = "spiffe") List<Spiffe> spiffe) {}

    record Window(String days, String from, String to, String zone) {}

    record Qualifications(@JacksonXmlProperty(localName = "must-encrypt") boolean mustEncrypt, String audit) {}

    record Rule(String name, String answer, String side,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "time-window") List<Window> timeWindows,
                Qualifications qualifications) {}

    record Policy(@JacksonXmlElementWrapper(useWrapping = false)
                  @JacksonXmlProperty(localName = "identity") List<Identity> identities,
                  @JacksonXmlElementWrapper(useWrapping = false)
                  @JacksonXmlProperty(localName = "rule") List<Rule> rules) {}

    private final XmlDocumentReader reader = XmlDocumentReader.forSchema(GatehouseSchema.CHANNEL_POLICY);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(ChannelPolicySchemaTest.class.getResource("/examples/channel-policy/" + name).toURI());
    }

    @Test
    void fullPolicyBindsWithDefaults() throws Exception {
        Policy policy = reader.read(example("valid/full.xml"), Policy.class);
        assertEquals(List.of("no-ledger-for-reporting", "orders-read", "newsletter-mail", "billing-cache", "billing-ledger"),
                policy.rules().stream().map(Rule::name).toList());
        assertEquals("exact", policy.identities().get(0).spiffe().get(0).match(), "schema default");
        assertEquals("path-prefix", policy.identities().get(1).spiffe().get(0).match());
        assertEquals("both", policy.rules().get(0).side(), "schema default");
        assertEquals("egress", policy.rules().get(2).side());
        Rule ordersRead = policy.rules().get(1);
        assertTrue(ordersRead.qualifications().mustEncrypt(), "schema default: a qualified channel is encrypted");
        assertEquals("all", ordersRead.qualifications().audit());
        assertEquals("denials", policy.rules().get(3).qualifications().audit(), "schema default");
        assertEquals(new Window("MON TUE WED THU FRI", "07:00", "19:00", "Europe/Berlin"), policy.rules().get(2).timeWindows().get(0));
        assertEquals(new Window("FRI", "22:00", "02:00", "UTC"), policy.rules().get(4).timeWindows().get(0), "schema default zone");
    }

    @Test
    void emptyPolicyIsValid() throws Exception {
        Policy empty = reader.read(example("valid/empty.xml"), Policy.class);
        assertNull(empty.identities());
        assertNull(empty.rules(), "no rule: the reader denies every channel");
    }

    @Test
    void answerIsDenyEnableOrQualifiedEnable() {
        assertRejected("invalid/unknown-answer.xml",
                "unknown-answer.xml [5:33] /channel-policy/rule[1]: Value 'allow' is not facet-valid with respect to "
                + "enumeration '[deny, enable, qualified-enable]'. It must be a value from the enumeration.");
    }

    @Test
    void protocolIsHttpTcpOrLine() {
        assertRejected("invalid/unknown-protocol.xml",
                "unknown-protocol.xml [3:73] /channel-policy/service[1]/port[1]: Value 'ftp' is not facet-valid with respect "
                + "to enumeration '[http, tcp, line]'. It must be a value from the enumeration.");
    }

    @Test
    void portIsBetween1And65535() {
        assertRejected("invalid/bad-port.xml",
                "bad-port.xml [3:76] /channel-policy/service[1]/port[1]: Value '70000' is not facet-valid with respect to "
                + "maxInclusive '65535' for type 'Port'.");
    }

    @Test
    void timesAreHoursAndMinutesOfOneDay() {
        assertRejected("invalid/bad-time.xml",
                "bad-time.xml [5:109] /channel-policy/rule[1]/time-window[1]: Value '24:00' is not facet-valid with respect "
                + "to pattern '([01][0-9]|2[0-3]):[0-5][0-9]' for type 'TimeOfDay'.");
    }

    @Test
    void methodsAreUpperCaseAsHttpWritesThem() {
        assertRejected("invalid/lowercase-method.xml",
                "lowercase-method.xml [6:51] /channel-policy/rule[1]/qualifications[1]/http[1]: Value 'get' is not "
                + "facet-valid with respect to pattern '[A-Z][A-Z0-9_\\-]{0,31}' for type 'Method'.");
    }

    @Test
    void anIdentityHasAtLeastOneName() {
        assertRejected("invalid/identity-without-names.xml",
                "identity-without-names.xml [3:23] /channel-policy/identity[1]: The content of element 'identity' is not "
                + "complete. One of '{\"urn:gatehouse:channel-policy:1\":spiffe, \"urn:gatehouse:channel-policy:1\":subject}' is expected.");
    }

    @Test
    void servicesComeBeforeRules() {
        assertRejected("invalid/rule-before-service.xml",
                "rule-before-service.xml [5:39] /channel-policy/service[1]: Invalid content was found starting with "
                + "element '{\"urn:gatehouse:channel-policy:1\":service}'. One of '{\"urn:gatehouse:channel-policy:1\":rule}' is expected.");
    }

    @Test
    void externalEntitiesNeverResolve() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example("invalid/xxe.xml"), Object.class));
        assertTrue(e.getMessage().startsWith("xxe.xml [2:"), e.getMessage());
        assertTrue(e.getMessage().contains("DOCTYPE is disallowed"), e.getMessage());
    }

    private void assertRejected(String name, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
        assertEquals(message, e.getMessage());
    }
}
