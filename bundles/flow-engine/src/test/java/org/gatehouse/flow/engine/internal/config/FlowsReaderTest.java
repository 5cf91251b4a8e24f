package org.gatehouse.flow.engine.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MatchDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MessageTypeDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Settings;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The document model: what the reader makes of each part, its defaults, and the checks beyond the schema. */
class FlowsReaderTest {
    private final FlowsReader reader = new FlowsReader();

    private FlowsConfig read(String body) throws Exception {
        return reader.read("flows.xml", ("<flows xmlns=\"urn:gatehouse:flows:1\">\n" + body + "</flows>\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void documentWithoutSettingsGetsTheSchemaDefaults() throws Exception {
        FlowsConfig config = read("");
        assertEquals(new Settings(Duration.ofSeconds(2), 32, 256, 16, 32, 5, Duration.ofSeconds(60), Duration.ofSeconds(1), 4, 1048576),
                config.settings());
        assertEquals(config.settings(), reader.defaultSettings());
    }

    @Test
    void extensionQueueOfZeroMeansNoQueue() throws Exception {
        assertEquals(0, read("  <settings extension-queue=\"0\"/>\n").settings().extensionQueue());
        assertEquals(500, read("  <settings extension-queue=\"500\"/>\n").settings().extensionQueue());
    }

    @Test
    void negativeExtensionQueueIsRefusedWithItsPosition() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> read("  <settings extension-concurrency=\"4\" extension-queue=\"-1\"/>\n"));
        assertEquals("flows.xml [2:61] /flows/settings[1]: "
                + "Value '-1' is not facet-valid with respect to minInclusive '0' for type 'QueueLength'.", e.getMessage());
    }

    @Test
    void everyPartBecomesTheModelWithItsPosition() throws Exception {
        FlowsConfig config = read(
                "  <authenticator name=\"corp\" bladelet=\"ldap\"><param name=\"url\" value=\"ldap://127.0.0.1:389\"/></authenticator>\n"
                + "  <authorizer name=\"admins\" bladelet=\"rule\" extension=\"org.example.rules\"/>\n"
                + "  <message-type name=\"orders\" flow=\"f\">\n"
                + "    <match listener=\"a b\" host=\"x.example\" methods=\"GET POST\" source=\"10.0.0.0/8\">"
                + "<header name=\"X-A\" regex=\"1+\"/><body-token>t</body-token></match>\n"
                + "    <credentials><query parameter=\"token\"/><regex pattern=\"k=(\\w+)\"/><cookie cookie=\"SID\" as=\"bearer\"/>"
                + "<jwt/><name-value source=\"header\" header=\"X-Keys\" names=\"key secret\"/></credentials>\n"
                + "  </message-type>\n"
                + "  <flow name=\"f\" step-timeout=\"250ms\"><step bladelet=\"authenticate\" name=\"login\"/>"
                + "<step bladelet=\"x\" extension=\"org.example.x\" timeout=\"1s\"><param name=\"p\" value=\"v\"/></step></flow>\n");
        assertEquals(List.of(
                new MethodDefinition("corp", BladeletKind.AUTHENTICATOR, "ldap", Optional.empty(), Map.of("url", "ldap://127.0.0.1:389"),
                        new FlowsConfig.Position("/flows/authenticator[1]", 2, 46)),
                new MethodDefinition("admins", BladeletKind.AUTHORIZER, "rule", Optional.of("org.example.rules"), Map.of(),
                        new FlowsConfig.Position("/flows/authorizer[1]", 3, 76))), config.methods());
        MessageTypeDefinition type = config.messageTypes().get(0);
        MatchDefinition match = type.matches().get(0);
        assertEquals(List.of("a", "b"), match.listeners());
        assertEquals(List.of("GET", "POST"), match.methods());
        assertEquals(List.of("t"), match.bodyTokens());
        assertTrue(match.needsBody());
        assertEquals(List.of(
                new CredentialLocation("query", Map.of("parameter", "token")),
                new CredentialLocation("regex", Map.of("pattern", "k=(\\w+)")),
                new CredentialLocation("cookie", Map.of("cookie", "SID", "as", "bearer")),
                new CredentialLocation("jwt", Map.of()),
                new CredentialLocation("name-value", Map.of("source", "header", "header", "X-Keys", "names", "key secret"))),
                type.credentials(), "document order across element names, attributes as written");
        List<StepDefinition> steps = config.flows().get(0).steps();
        assertEquals("login", steps.get(0).name());
        assertEquals("f/2", steps.get(1).name(), "unnamed steps are named by position");
        assertEquals("org.example.x:x", steps.get(1).reference());
        assertEquals(Optional.of(Duration.ofSeconds(1)), steps.get(1).timeout());
        assertEquals(Optional.of(Duration.ofMillis(250)), config.flows().get(0).stepTimeout());
    }

    @Test
    void emptyMatchClaimsEverything() throws Exception {
        FlowsConfig config = read("  <message-type name=\"all\" flow=\"f\"><match/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"x\"/></flow>\n");
        MatchDefinition match = config.messageTypes().get(0).matches().get(0);
        assertEquals(List.of(), match.listeners());
        assertFalse(match.needsBody());
    }

    @Test
    void positionAfterBareCarriageReturnsHasAColumn() {
        // the case ElementConfigLoaderFuzzTest found for element.xml: after a run of bare CRs the JDK's
        // StAX reader gave a negative column ([102:-44]); a CR alone ends a line (XML 1.0 section 2.11)
        FlowConfigurationException e = assertThrows(FlowConfigurationException.class, () -> read(
                "  <message-type name=\"t\" flow=\"f\"><match/></message-type>" + "\r".repeat(100)
                + "<message-type name=\"u\" flow=\"f\"><match path-regex=\"[\"/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"x\"/></flow>\n"));
        assertEquals(List.of("flows.xml [102:1] /flows/message-type[2]/match[1]: path-regex '[' is not a regular expression: "
                + "Unclosed character class at index 0"), e.errors());
    }

    @Test
    void stepNamesAreUniqueWithinAFlow() {
        FlowConfigurationException e = assertThrows(FlowConfigurationException.class, () -> read(
                "  <flow name=\"f\"><step bladelet=\"x\" name=\"a\"/><step bladelet=\"y\" name=\"a\"/></flow>\n"));
        assertEquals(List.of("flows.xml [2:76] /flows/flow[1]/step[2]: step name 'a' is used twice in flow 'f'"), e.errors());
        assertEquals("flows.xml [2:76] /flows/flow[1]/step[2]: step name 'a' is used twice in flow 'f'", e.getMessage());
    }

    @Test
    void credentialLocationsHaveNoSchemaDefaultsSoAsWrittenIsComplete() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document xsd;
        try (InputStream in = GatehouseSchema.FLOWS.location().openStream()) {
            xsd = factory.newDocumentBuilder().parse(in);
        }
        Map<String, Element> types = new HashMap<>();
        NodeList complexTypes = xsd.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "complexType");
        for (int i = 0; i < complexTypes.getLength(); i++) {
            Element t = (Element) complexTypes.item(i);
            types.put(t.getAttribute("name"), t);
        }
        NodeList locations = types.get("Credentials").getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
        assertEquals(16, locations.getLength());
        for (int i = 0; i < locations.getLength(); i++) {
            Element location = (Element) locations.item(i);
            Element type = types.get(location.getAttribute("type").replace("f:", ""));
            NodeList attributes = type.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "attribute");
            for (int j = 0; j < attributes.getLength(); j++) {
                assertFalse(((Element) attributes.item(j)).hasAttribute("default"), location.getAttribute("name"));
            }
        }
        NodeList groups = xsd.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "attributeGroup");
        for (int i = 0; i < groups.getLength(); i++) {
            NodeList attributes = ((Element) groups.item(i)).getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "attribute");
            for (int j = 0; j < attributes.getLength(); j++) {
                assertFalse(((Element) attributes.item(j)).hasAttribute("default"));
            }
        }
    }

    @Test
    void headerSourceNeedsTheHeaderName() {
        FlowConfigurationException e = assertThrows(FlowConfigurationException.class, () -> read(
                "  <message-type name=\"t\" flow=\"f\"><match/><credentials><basic/><regex pattern=\"x\" source=\"header\"/>"
                + "</credentials></message-type>\n  <flow name=\"f\"><step bladelet=\"x\"/></flow>\n"));
        assertEquals(List.of("flows.xml [2:100] /flows/message-type[1]/credentials[1]/regex[1]: "
                + "source=\"header\" needs the header attribute naming the header"), e.errors());
    }

    @Test
    void addressBlocks() throws Exception {
        AddressBlock ten = AddressBlock.parse("10.0.0.0/8");
        assertTrue(ten.contains(InetAddress.getByName("10.255.0.1")));
        assertFalse(ten.contains(InetAddress.getByName("11.0.0.1")));
        assertFalse(ten.contains(InetAddress.getByName("::1")));
        AddressBlock odd = AddressBlock.parse("192.168.1.128/25");
        assertTrue(odd.contains(InetAddress.getByName("192.168.1.200")));
        assertFalse(odd.contains(InetAddress.getByName("192.168.1.127")));
        assertTrue(AddressBlock.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5")));
        assertTrue(AddressBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8")));
        assertEquals("'example.com' is not an IPv4 or IPv6 address or CIDR block",
                assertThrows(IllegalArgumentException.class, () -> AddressBlock.parse("example.com")).getMessage());
        assertEquals("'::1/129': prefix length must be 0..128",
                assertThrows(IllegalArgumentException.class, () -> AddressBlock.parse("::1/129")).getMessage());
    }
}
