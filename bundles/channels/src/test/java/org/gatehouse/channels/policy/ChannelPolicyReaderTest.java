package org.gatehouse.channels.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.channels.identity.InstanceIdentity;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the schema cannot say, each reported with its file, {@code [line:col]} and element. */
class ChannelPolicyReaderTest {
    private static final String HEAD = """
            <channel-policy xmlns="urn:gatehouse:channel-policy:1">
              <identity name="billing"><spiffe id="spiffe://example.org/billing"/></identity>
              <identity name="reporting"><subject dn="CN=reporting,O=Example"/></identity>
              <group name="back-office"><member identity="billing"/></group>
              <service name="orders" host="orders.internal"><port number="8443" protocol="http"/><port number="8080" protocol="http"/></service>
              <service name="mail" host="mail.internal"><port number="25" protocol="line"/><port number="465" protocol="tcp"/></service>
            """;

    @TempDir
    Path dir;

    @Test
    void aValidPolicyReadsIntoItsModel() throws Exception {
        ChannelPolicy policy = read(HEAD + """
                  <rule name="orders" answer="qualified-enable" side="ingress">
                    <from group="back-office"/><to service="orders" port="8443"/>
                    <time-window days="MON FRI" from="08:00" to="18:00" zone="Europe/Paris"/>
                    <limits per-rule="10"/>
                    <qualifications audit="none"><http methods="GET" path="/api/*"/></qualifications>
                  </rule>
                </channel-policy>
                """);
        ChannelRule rule = policy.rules().get(0);
        assertEquals(Answer.QUALIFIED_ENABLE, rule.answer());
        assertEquals(Set.of(Side.INGRESS), rule.sides());
        assertEquals("group back-office", rule.source());
        assertEquals(List.of(policy.identities().get("billing")), rule.sources());
        assertEquals(Optional.of(8443), rule.port());
        assertEquals(ZoneId.of("Europe/Paris"), rule.windows().get(0).zone());
        assertEquals(new ConnectionLimits(0, 10), rule.limits());
        assertEquals(AuditLevel.NONE, rule.qualifications().audit());
        assertTrue(rule.qualifications().mustEncrypt());
        assertEquals("/api/*", rule.qualifications().commands().httpCommands().get(0).path().toString());
        assertEquals("orders.internal", policy.services().get("orders").host());
    }

    @Test
    void theDocumentationsExampleReadsAndDecidesAsItSays() throws Exception {
        Path page = Path.of("").toAbsolutePath().resolve("../../docs/channels.md").normalize();
        Matcher block = Pattern.compile("```xml\\n(<channel-policy .*?)```", Pattern.DOTALL).matcher(Files.readString(page));
        assertTrue(block.find(), "docs/channels.md shows a channel policy");
        ChannelPolicy policy = read(block.group(1));
        assertEquals(List.of("no-orders-for-interns", "orders-read", "newsletter-mail", "billing-cache", "ledger-night"),
                policy.rules().stream().map(ChannelRule::name).toList());
        ChannelDecision intern = policy.decide(ChannelRequest.of(Side.INGRESS,
                InstanceIdentity.ofSpiffeId("spiffe://example.org/reporting/intern"), "orders", 8443, Protocol.HTTP, Clock.systemUTC(),
                new ConnectionCounts()));
        assertEquals("no-orders-for-interns", intern.rule(), "the comment in the example says so");
        assertEquals(Answer.DENY, intern.answer());
    }

    @Test
    void aFileIsNamedByItsFileName() throws Exception {
        Path file = Files.writeString(dir.resolve("channel-policy.xml"), HEAD + "  <rule name=\"r\" answer=\"enable\"><from group=\"ops\"/>"
                + "<to service=\"orders\"/></rule>\n</channel-policy>\n");
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> ChannelPolicyReader.read(file));
        assertEquals("channel-policy.xml [7:53] /channel-policy/rule[1]/from[1]: unknown group [ops]; groups: [back-office]", e.getMessage());
    }

    @Test
    void namesThatDoNotExist() {
        assertRefused(HEAD.replace("<member identity=\"billing\"/>", "<member identity=\"biling\"/>") + "</channel-policy>",
                "channel-policy.xml [4:56] /channel-policy/group[1]/member[1]: unknown identity [biling];"
                + " identities: [billing, reporting]");
        assertRefused(rule("<from identity=\"payroll\"/><to service=\"orders\"/>"),
                "channel-policy.xml [7:60] /channel-policy/rule[1]/from[1]: unknown identity [payroll];"
                + " identities: [billing, reporting]");
        assertRefused(rule("<from group=\"ops\"/><to service=\"orders\"/>"),
                "channel-policy.xml [7:53] /channel-policy/rule[1]/from[1]: unknown group [ops]; groups:"
                + " [back-office]");
        assertRefused(rule("<from group=\"back-office\"/><to service=\"payroll\"/>"),
                "channel-policy.xml [7:84] /channel-policy/rule[1]/to[1]: unknown service [payroll];"
                + " services: [orders, mail]");
        assertRefused(rule("<from identity=\"billing\" group=\"back-office\"/><to service=\"orders\"/>"),
                "channel-policy.xml [7:80] /channel-policy/rule[1]/from[1]: name exactly one of identity"
                + " and group");
        assertRefused(rule("<from/><to service=\"orders\"/>"),
                "channel-policy.xml [7:41] /channel-policy/rule[1]/from[1]: name exactly one of identity"
                + " and group");
    }

    @Test
    void namesDeclaredTwice() {
        assertRefused(HEAD.replace("<group name", "<identity name=\"billing\"><spiffe id=\"spiffe://example.org/x\"/></identity>\n  <group name")
                + "</channel-policy>",
                "channel-policy.xml [4:28] /channel-policy/identity[3]: identity [billing] is declared"
                + " twice");
        assertRefused(HEAD + "  <service name=\"orders\" host=\"x\"><port number=\"1\" protocol=\"tcp\"/></service>\n</channel-policy>",
                "channel-policy.xml [7:35] /channel-policy/service[3]: service [orders] is declared twice");
        assertRefused(HEAD.replace("<port number=\"8080\"", "<port number=\"8443\"") + "</channel-policy>",
                "channel-policy.xml [5:123] /channel-policy/service[1]/port[2]: port 8443 is declared twice");
        assertRefused(HEAD + "  <rule name=\"r\" answer=\"enable\"><from identity=\"billing\"/><to service=\"orders\"/></rule>\n"
                + "  <rule name=\"r\" answer=\"deny\"><from identity=\"billing\"/><to service=\"orders\"/></rule>\n</channel-policy>",
                "channel-policy.xml [8:32] /channel-policy/rule[2]: rule [r] is declared twice");
        assertRefused(HEAD + "  <rule name=\"default\" answer=\"deny\"><from identity=\"billing\"/><to service=\"orders\"/></rule>\n"
                + "</channel-policy>",
                "channel-policy.xml [7:38] /channel-policy/rule[1]: the rule name [default] is kept for"
                + " the answer when no rule holds");
    }

    @Test
    void invalidSpiffeIdsAndSubjects() {
        assertRefused(HEAD.replace("spiffe://example.org/billing", "spiffe://example.org/billing/../admin") + "</channel-policy>",
                "channel-policy.xml [2:80] /channel-policy/identity[1]/spiffe[1]: invalid SPIFFE ID"
                + " [spiffe://example.org/billing/../admin]: the path has a '..' segment");
        assertRefused(HEAD.replace("spiffe://example.org/billing", "spiffe://Example.org/billing") + "</channel-policy>",
                "channel-policy.xml [2:71] /channel-policy/identity[1]/spiffe[1]: invalid SPIFFE ID"
                + " [spiffe://Example.org/billing]: the trust domain may hold only lower-case letters, digits, '.', '-' and '_', not 'E'");
        assertRefused(HEAD.replace("CN=reporting,O=Example", "CN=reporting,,O") + "</channel-policy>",
                "channel-policy.xml [3:61] /channel-policy/identity[2]/subject[1]: invalid subject DN"
                + " [CN=reporting,,O]: improperly specified input name: CN=reporting,,O");
    }

    @Test
    void badTimeWindows() {
        assertRefused(rule("<from identity=\"billing\"/><to service=\"orders\"/><time-window from=\"08:00\" to=\"08:00\"/>"),
                "channel-policy.xml [7:120] /channel-policy/rule[1]/time-window[1]: a time window from"
                + " 08:00 to 08:00 is empty; to hold all day, leave the window out");
        assertRefused(rule("<from identity=\"billing\"/><to service=\"orders\"/><time-window from=\"08:00\" to=\"09:00\" zone=\"Mars/Olympus\"/>"),
                "channel-policy.xml [7:140] /channel-policy/rule[1]/time-window[1]: unknown time zone"
                + " [Mars/Olympus]");
    }

    @Test
    void portsAndProtocolsTheServiceDoesNotHave() {
        assertRefused(rule("<from identity=\"billing\"/><to service=\"orders\" port=\"443\"/>"),
                "channel-policy.xml [7:93] /channel-policy/rule[1]/to[1]: service [orders] has no port"
                + " 443; its ports: [8080, 8443]");
        assertRefused(rule("<from identity=\"billing\"/><to service=\"orders\" protocol=\"line\"/>"),
                "channel-policy.xml [7:98] /channel-policy/rule[1]/to[1]: service [orders] has no line port");
        assertRefused(rule("<from identity=\"billing\"/><to service=\"mail\" port=\"25\" protocol=\"tcp\"/>"),
                "channel-policy.xml [7:105] /channel-policy/rule[1]/to[1]: service [mail] has no tcp port"
                + " 25");
    }

    @Test
    void qualificationsOnlyWhereAQualifiedEnableNeedsThem() {
        assertRefused(HEAD + "  <rule name=\"r\" answer=\"enable\"><from identity=\"billing\"/><to service=\"orders\"/>"
                + "<qualifications/></rule>\n</channel-policy>",
                "channel-policy.xml [7:99] /channel-policy/rule[1]/qualifications[1]: only a"
                + " qualified-enable rule takes qualifications");
        assertRefused(HEAD + "  <rule name=\"r\" answer=\"qualified-enable\"><from identity=\"billing\"/><to service=\"orders\"/>"
                + "</rule>\n</channel-policy>",
                "channel-policy.xml [7:44] /channel-policy/rule[1]: a qualified-enable rule needs its"
                + " <qualifications>");
        assertRefused(HEAD + "  <rule name=\"r\" answer=\"deny\"><from identity=\"billing\"/><to service=\"orders\"/>"
                + "<limits per-source=\"1\"/></rule>\n</channel-policy>",
                "channel-policy.xml [7:104] /channel-policy/rule[1]/limits[1]: a deny rule takes no limits");
        assertRefused(HEAD + "  <rule name=\"r\" answer=\"enable\"><from identity=\"billing\"/><to service=\"orders\"/>"
                + "<limits/></rule>\n</channel-policy>",
                "channel-policy.xml [7:91] /channel-policy/rule[1]/limits[1]: name per-source, per-rule or"
                + " both");
    }

    @Test
    void commandsMustCoverEveryProtocolTheRuleReaches() {
        assertRefused(qualified("<to service=\"mail\"/>", "<line commands=\"HELO\"/>"),
                "channel-policy.xml [7:106] /channel-policy/rule[1]/qualifications[1]: the rule reaches a"
                + " tcp port, whose commands cannot be filtered; name the protocol in <to> or list no commands");
        assertRefused(qualified("<to service=\"mail\" port=\"25\"/>", "<http methods=\"GET\" path=\"/\"/>"),
                "channel-policy.xml [7:116] /channel-policy/rule[1]/qualifications[1]: http commands, but"
                + " the rule reaches no http port");
        assertRefused(qualified("<to service=\"orders\"/>", "<line commands=\"GET\"/>"),
                "channel-policy.xml [7:108] /channel-policy/rule[1]/qualifications[1]: the rule reaches an"
                + " http port but lists no http commands; name the protocol in <to> or list them");
        assertRefused(qualified("<to service=\"orders\"/>", "<http methods=\"GET\" path=\"/api/v*\"/>"),
                "channel-policy.xml [7:144] /channel-policy/rule[1]/qualifications[1]/http[1]: bad path"
                + " pattern [/api/v*]: '*' stands for a whole segment, not part of one ('v*')");
    }

    @Test
    void externalEntitiesAreNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top-secret");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE channel-policy [ <!ENTITY s SYSTEM \"" + secret.toUri() + "\"> ]>\n"
                + "<channel-policy xmlns=\"urn:gatehouse:channel-policy:1\"><identity name=\"a\"><subject dn=\"CN=&s;\"/></identity>"
                + "</channel-policy>\n";
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> ChannelPolicyReader.parse("channel-policy.xml", xxe.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("channel-policy.xml [2:"), e.getMessage());
        assertTrue(e.getMessage().contains("DOCTYPE is disallowed"), e.getMessage());
        assertTrue(!e.getMessage().contains("top-secret"), e.getMessage());
    }

    private static String rule(String body) {
        return HEAD + "  <rule name=\"r\" answer=\"enable\">" + body + "</rule>\n</channel-policy>";
    }

    private static String qualified(String to, String commands) {
        return HEAD + "  <rule name=\"r\" answer=\"qualified-enable\"><from identity=\"billing\"/>" + to
                + "<qualifications>" + commands + "</qualifications></rule>\n</channel-policy>";
    }

    private static ChannelPolicy read(String xml) throws XmlDocumentException {
        return ChannelPolicyReader.parse("channel-policy.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String xml, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> read(xml));
        assertEquals(message, e.getMessage());
    }
}
