package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlDocumentReaderTest {
    record Limits(@JacksonXmlProperty(localName = "max-header-size") int maxHeaderSize,
                  @JacksonXmlProperty(localName = "client-idle-timeout") Duration clientIdleTimeout,
                  @JacksonXmlProperty(localName = "request-head-timeout") Duration requestHeadTimeout,
                  @JacksonXmlProperty(localName = "request-body-idle-timeout") Duration requestBodyIdleTimeout) {}

    record Listener(String name, String protocol, String address, int port) {}

    record Pool(String name, @JacksonXmlProperty(localName = "connect-timeout") Duration connectTimeout,
                @JacksonXmlProperty(localName = "response-timeout") Duration responseTimeout) {}

    record Doc(String name, Limits limits,
               @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "listener") List<Listener> listeners,
               @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "pool") List<Pool> pools) {}

    record OddListener(String name, java.util.UUID port) {}

    record OddDoc(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "listener") List<OddListener> listeners) {}

    private static final byte[] TWO_LISTENERS = ("<element xmlns=\"urn:gatehouse:element:1\" name=\"e\">\n"
            + "  <listener name=\"a\" protocol=\"http\" port=\"8080\"/>\n"
            + "  <listener name=\"b\" protocol=\"http\" port=\"8081\"/>\n"
            + "</element>\n").getBytes(StandardCharsets.UTF_8);

    private final XmlDocumentReader reader = XmlDocumentReader.forSchema(GatehouseSchema.ELEMENT);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(XmlDocumentReaderTest.class.getResource("/examples/element/" + name).toURI());
    }

    @Test
    void bindsValidDocumentAndFillsSchemaDefaults() throws Exception {
        Doc doc = reader.read(example("valid/full.xml"), Doc.class);
        assertEquals("edge-1", doc.name());
        assertEquals(8192, doc.limits().maxHeaderSize());
        assertEquals(Duration.ofSeconds(60), doc.limits().clientIdleTimeout(), "default from the schema");
        assertEquals(Duration.ofSeconds(5), doc.limits().requestHeadTimeout());
        assertEquals(Duration.ofSeconds(10), doc.limits().requestBodyIdleTimeout(), "default from the schema");
        assertEquals(3, doc.listeners().size());
        assertEquals("127.0.0.1", doc.listeners().get(0).address(), "default address");
        assertEquals("::1", doc.listeners().get(1).address());
        assertEquals(Duration.ofMillis(500), doc.pools().get(0).connectTimeout());
        assertEquals(Duration.ofSeconds(30), doc.pools().get(1).responseTimeout());
    }

    @Test
    void invalidValueNamesLineColumnAndElementPath() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/bad-port.xml"), Doc.class));
        assertEquals("bad-port.xml", e.source());
        assertEquals(4, e.line());
        assertEquals("/element/listener[2]", e.elementPath());
        assertTrue(e.reason().contains("'eighty'"), e.reason());
        assertTrue(e.getMessage().startsWith("bad-port.xml [4:"), e.getMessage());
    }

    @Test
    void poolTlsWithoutTrustedCasIsRefusedAtItsElement() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/pool-tls-without-trusted-cas.xml"), Doc.class));
        assertEquals(6, e.line());
        assertEquals("/element/pool[1]/tls[1]", e.elementPath());
        assertTrue(e.reason().contains("Attribute 'trusted-cas' must appear on element 'tls'"), e.reason());
    }

    @Test
    void memberServerNameMustBeADnsName() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/pool-tls-bad-server-name.xml"), Doc.class));
        assertEquals(7, e.line());
        assertEquals("/element/pool[1]/member[1]", e.elementPath());
        assertTrue(e.reason().contains("'*.internal.example'"), e.reason());
    }

    @Test
    void channelListenersAndChannelMembersRead() throws Exception {
        Doc doc = reader.read(example("valid/channels.xml"), Doc.class);
        assertEquals("channel", doc.listeners().get(1).protocol());
        assertEquals(7443, doc.listeners().get(1).port());
        assertEquals("orders", doc.pools().get(0).name());
    }

    @Test
    void schemaRevisionIsTwo() throws Exception {
        String xsd = new String(GatehouseSchema.ELEMENT.location().openStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(xsd.contains("version=\"2\""), "the element schema states its revision");
    }

    @Test
    void aPoolIsOfMembersOrOfChannelMembersNotBoth() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/channel-member-beside-member.xml"), Doc.class));
        assertEquals(7, e.line());
        assertEquals("/element/pool[1]/channel-member[1]", e.elementPath());
        assertTrue(e.reason().contains("channel-member"), e.reason());
    }

    @Test
    void aChannelMemberNamesItsService() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/channel-member-without-service.xml"), Doc.class));
        assertEquals(5, e.line());
        assertEquals("/element/pool[1]/channel-member[1]", e.elementPath());
        assertTrue(e.reason().contains("Attribute 'service' must appear on element 'channel-member'"), e.reason());
    }

    @Test
    void channelsNameTheCasOfPeerElements() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/channels-without-trusted-element-cas.xml"), Doc.class));
        assertEquals(4, e.line());
        assertEquals("/element/channels[1]", e.elementPath());
        assertTrue(e.reason().contains("Attribute 'trusted-element-cas' must appear on element 'channels'"), e.reason());
    }

    @Test
    void anUnknownListenerProtocolIsRefused() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/unknown-listener-protocol.xml"), Doc.class));
        assertEquals(3, e.line());
        assertEquals("/element/listener[1]", e.elementPath());
        assertTrue(e.reason().contains("'tunnel'"), e.reason());
    }

    @Test
    void checksAfterBindingNameTheLineAndColumnOfTheirElement() throws Exception {
        XmlDocument<Doc> doc = reader.readDocument("element.xml", TWO_LISTENERS, Doc.class);
        assertEquals("b", doc.model().listeners().get(1).name());
        assertEquals("element.xml [3:51] /element/listener[2]: port taken", doc.problem("/element/listener[2]", "port taken").getMessage());
        assertEquals("element.xml [3:51] /element/listener[2]/@port: no", doc.problem("/element/listener[2]/@port", "no").getMessage(),
                "an attribute is where its element is");
        assertEquals("element.xml [1:51] /element/limits/x: no", doc.problem("/element/limits/x", "no").getMessage(),
                "an element the document does not hold is where its nearest ancestor is");
    }

    @Test
    void aPlaceReadsAsTheStartOfAProblemThere() throws Exception {
        XmlDocument<Doc> doc = reader.readDocument("element.xml", TWO_LISTENERS, Doc.class);
        assertEquals("element.xml [3:51] /element/listener[2]", doc.place("/element/listener[2]"));
        assertEquals(doc.place("/element/listener[2]") + ": port taken", doc.problem("/element/listener[2]", "port taken").getMessage());
    }

    @Test
    void bindingErrorsNameTheLineAndColumnOfTheirElement() {
        // a value the schema takes but the model cannot: the readers' fuzz tests want a position on every error
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read("element.xml", TWO_LISTENERS, OddDoc.class));
        assertEquals(2, e.line());
        assertEquals("/element/listener[1]/port[1]", e.elementPath());
        assertTrue(e.getMessage().startsWith("element.xml [2:51] /element/listener[1]/port[1]: "), e.getMessage());
    }

    @Test
    void unsupportedEncodingIsAPositionedError() {
        // found by the readers' fuzz tests: the parser's UnsupportedEncodingException gave an error without a position
        byte[] document = "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n<element xmlns=\"urn:gatehouse:element:1\" name=\"e\"/>\n"
                .getBytes(StandardCharsets.US_ASCII);
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read("element.xml", document, Doc.class));
        assertEquals("element.xml [1:1]: encoding 'UTF-7' of the XML declaration is not supported (write UTF-8)", e.getMessage());
    }

    @Test
    void truncatedXmlDeclarationIsAnErrorAtTheStart() {
        // found by ElementConfigLoaderFuzzTest: the parser reports no position (-1:-1) while it reads the XML declaration
        byte[] document = "<?xml version=\"<?".getBytes(StandardCharsets.US_ASCII);
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read("element.xml", document, Doc.class));
        assertEquals(1, e.line());
        assertEquals(1, e.column());
        assertTrue(e.getMessage().startsWith("element.xml [1:1]: "), e.getMessage());
        // found by ManagementUsersFuzzTest: likewise for UCS-4 in a byte order the parser does not read
        XmlDocumentException ucs4 = assertThrows(XmlDocumentException.class,
                () -> reader.read("element.xml", new byte[] {0, 0, '<', 0}, Doc.class));
        assertTrue(ucs4.getMessage().startsWith("element.xml [1:1]: "), ucs4.getMessage());
    }

    @Test
    void badCharacterStartingALineIsAtColumnOne() {
        // found by PolicyParserFuzzTest: the parser reports column 0 for a NUL that starts a line
        byte[] document = "<element xmlns=\"urn:gatehouse:element:1\" name=\"e\">\n\u0000</element>".getBytes(StandardCharsets.US_ASCII);
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read("element.xml", document, Doc.class));
        assertEquals(2, e.line());
        assertEquals(1, e.column());
        assertTrue(e.getMessage().startsWith("element.xml [2:1] /element: "), e.getMessage());
    }

    @Test
    void processingInstructionsTheBindingParserRefusesAreLeftOut() throws Exception {
        // found by RulesDocumentReaderFuzzTest: <?:xml ...?> passed validation, then failed to bind with no position
        byte[] document = ("<?:xml version=\"1.0\"?>\n<element xmlns=\"urn:gatehouse:element:1\" name=\"e\">"
                + "<?gatehouse note?><listener name=\"a\" protocol=\"http\" port=\"8080\"/></element>\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals("a", reader.read("element.xml", document, Doc.class).listeners().get(0).name());
    }

    @Test
    void clientDeadlinesAreDurations() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/bad-head-timeout.xml"), Doc.class));
        assertEquals(3, e.line());
        assertEquals("/element/limits[1]", e.elementPath());
        assertTrue(e.reason().contains("'ten seconds'"), e.reason());
    }

    @Test
    void routeToUnknownPoolIsRejected() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/unknown-pool.xml"), Doc.class));
        assertTrue(e.reason().contains("wbe"), e.reason());
    }

    @Test
    void doctypeIsRefusedSoExternalEntitiesNeverResolve() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/xxe.xml"), Doc.class));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("DOCTYPE"), e.reason());
    }

    @Test
    void entityExpansionIsRefused() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/billion-laughs.xml"), Doc.class));
        assertTrue(e.reason().contains("DOCTYPE"), e.reason());
    }

    @Test
    void wrongNamespaceIsRejectedAtTheRoot() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/wrong-namespace.xml"), Doc.class));
        assertEquals("/element", e.elementPath());
        assertTrue(e.reason().contains("element"), e.reason());
    }

    @Test
    void malformedDocumentGivesPosition() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/not-well-formed.xml"), Doc.class));
        assertEquals(4, e.line());
        assertTrue(e.reason().contains("listener"), e.reason());
    }

    @Test
    void oversizedDocumentIsRefusedBeforeParsing() {
        byte[] big = new byte[XmlDocumentReader.MAX_DOCUMENT_BYTES + 1];
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read("big.xml", big, Doc.class));
        assertTrue(e.reason().contains("at most"), e.reason());
    }

    @Test
    void missingFileSaysSo() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(Path.of("no/such/element.xml"), Doc.class));
        assertTrue(e.getMessage().startsWith("element.xml: file not found"), e.getMessage());
    }

    @Test
    void readsFromMemory() throws Exception {
        String xml = "<element xmlns='urn:gatehouse:element:1'><listener name='a' protocol='http' port='0'/></element>";
        Doc doc = reader.read("inline", xml.getBytes(StandardCharsets.UTF_8), Doc.class);
        assertEquals("gatehouse", doc.name());
        assertEquals(0, doc.listeners().get(0).port());
    }
}
