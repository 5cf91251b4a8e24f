package org.gatehouse.dataplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElementConfigLoaderTest {
    @TempDir
    Path conf;

    private ElementConfig load(String body) throws XmlDocumentException {
        String xml = "<?xml version=\"1.0\"?>\n<element xmlns=\"urn:gatehouse:element:1\" name=\"edge\">\n" + body + "</element>\n";
        return new ElementConfigLoader(conf).load("element.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private XmlDocumentException rejected(String body) {
        return assertThrows(XmlDocumentException.class, () -> load(body));
    }

    @Test
    void bindsEveryPartWithSchemaDefaults() throws Exception {
        Files.writeString(conf.resolve("c.pem"), "x");
        ElementConfig config = load("""
                  <limits max-header-size="4096" client-idle-timeout="5s"/>
                  <listener name="public" protocol="http" port="0"/>
                  <listener name="secure" protocol="https" address="::1" port="0">
                    <tls certificate="c.pem" private-key="c.pem" client-auth="optional" trusted-client-cas="c.pem" provider="jdk"/>
                  </listener>
                  <listener name="db" protocol="tcp" port="0" pool="web"/>
                  <pool name="web" balance="least-connections" connect-timeout="500ms">
                    <member address="127.0.0.1" port="9001"/>
                    <member address="127.0.0.1" port="9002"/>
                    <health-check path="/healthz" interval="2s"/>
                  </pool>
                  <route name="api" host="*.example.com" path-prefix="/api/" pool="web" listeners="public secure"/>
                  <route name="rest" pool="web"/>
                  <demo-upstream port="0"/>
                """);
        assertEquals("edge", config.name());
        assertEquals(4096, config.limits().maxHeaderSize());
        assertEquals(8192, config.limits().maxInitialLineLength(), "schema default");
        assertEquals(Duration.ofSeconds(5), config.limits().clientIdleTimeout());
        assertEquals(List.of(Protocol.HTTP, Protocol.HTTPS, Protocol.TCP), config.listeners().stream().map(ListenerConfig::protocol).toList());
        assertEquals(TlsConfig.ClientAuth.OPTIONAL, config.listeners().get(1).tls().clientAuth());
        assertEquals(TlsConfig.TlsProvider.JDK, config.listeners().get(1).tls().provider());
        PoolConfig web = config.pool("web").orElseThrow();
        assertEquals(PoolConfig.Balance.LEAST_CONNECTIONS, web.balance());
        assertEquals(Duration.ofMillis(500), web.connectTimeout());
        assertEquals(Duration.ofSeconds(30), web.responseTimeout(), "schema default");
        assertEquals(2, web.members().size());
        assertEquals(2, web.healthCheck().unhealthyAfter(), "schema default");
        assertEquals(List.of("public", "secure"), config.routes().get(0).listeners());
        assertEquals(List.of(), config.routes().get(1).listeners());
        assertEquals("*", config.routes().get(1).host());
        assertEquals("/", config.routes().get(1).pathPrefix());
        assertEquals("127.0.0.1", config.demoUpstream().address());
    }

    @Test
    void httpsListenerWithoutTlsIsRejectedWithPosition() {
        XmlDocumentException e = rejected("""
                  <listener name="a" protocol="http" port="0"/>
                  <listener name="s" protocol="https" port="0"/>
                """);
        assertEquals("/element/listener[2]", e.elementPath());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith("element.xml [4:"), e.getMessage());
        assertTrue(e.reason().contains("https listener 's' needs a <tls> child"), e.reason());
    }

    @Test
    void positionAfterBareCarriageReturnsIsTheValidatorsOne() {
        // found by ElementConfigLoaderFuzzTest: after a run of bare CRs the JDK parser's column went
        // negative ([112:-32]); the checks now use the validating parse's positions, never below column 1
        XmlDocumentException e = rejected("  <listener name=\"a\" protocol=\"http\" port=\"0\"/>\r\r\r"
                + "<listener name=\"s\" protocol=\"https\" port=\"0\"/>\n");
        assertEquals("/element/listener[2]", e.elementPath());
        assertEquals(6, e.line(), "a CR alone ends a line (XML 1.0 section 2.11)");
        assertEquals(44, e.column(), "where the validator would report it");
        StringBuilder crs = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            crs.append('\r');
        }
        XmlDocumentException far = rejected("  <listener name=\"a\" protocol=\"http\" port=\"0\"/>" + crs
                + "<listener name=\"s\" protocol=\"https\" port=\"0\"/>\n");
        assertEquals(103, far.line());
        assertTrue(far.column() >= 1, far.getMessage());
    }

    @Test
    void tcpListenerWithoutPoolIsRejected() {
        XmlDocumentException e = rejected("  <listener name=\"db\" protocol=\"tcp\" port=\"0\"/>\n");
        assertEquals("/element/listener[1]", e.elementPath());
        assertTrue(e.reason().contains("tcp listener 'db' needs a pool attribute"), e.reason());
    }

    @Test
    void httpListenerWithPoolIsRejected() {
        XmlDocumentException e = rejected("""
                  <listener name="web" protocol="http" port="0" pool="p"/>
                  <pool name="p"><member address="127.0.0.1" port="1"/></pool>
                """);
        assertTrue(e.reason().contains("http listener 'web' takes no pool attribute"), e.reason());
    }

    @Test
    void poolTlsBindsAndChecksItsFiles() throws Exception {
        Authority ca = TestPki.authority("CN=Upstream CA");
        Issued client = ca.client("CN=element");
        TestPki.pem(conf.resolve("ca.pem"), ca.certificate());
        TestPki.pem(conf.resolve("client.pem"), client.certificate());
        TestPki.pem(conf.resolve("client-key.pem"), client.privateKey());
        PoolConfig pool = load("""
                  <listener name="web" protocol="http" port="0"/>
                  <pool name="p">
                    <tls trusted-cas="ca.pem" server-name="api.internal" certificate="client.pem" private-key="client-key.pem" provider="jdk"/>
                    <member address="10.0.0.1" port="443"/>
                    <member address="10.0.0.2" port="443" server-name="b.internal"/>
                    <member address="[::1]" port="443"/>
                  </pool>
                """).pool("p").orElseThrow();
        assertEquals("api.internal", pool.tls().expectedName(pool.members().get(0)), "the pool's name");
        assertEquals("b.internal", pool.tls().expectedName(pool.members().get(1)), "the member's own name wins");
        assertEquals(TlsConfig.TlsProvider.JDK, pool.tls().provider());
        PoolConfig byAddress = load("""
                  <listener name="web" protocol="http" port="0"/>
                  <pool name="p"><tls trusted-cas="ca.pem"/><member address="[::1]" port="443"/></pool>
                """).pool("p").orElseThrow();
        assertEquals("::1", byAddress.tls().expectedName(byAddress.members().get(0)), "no name configured: the address");
        assertEquals(TlsConfig.TlsProvider.AUTO, byAddress.tls().provider());
    }

    @Test
    void poolTlsProblemsNameTheAttributeAndPlace() throws Exception {
        Authority ca = TestPki.authority("CN=Upstream CA");
        Issued client = ca.client("CN=element");
        TestPki.pem(conf.resolve("ca.pem"), ca.certificate());
        TestPki.pem(conf.resolve("client.pem"), client.certificate());
        TestPki.pem(conf.resolve("other-key.pem"), ca.client("CN=other").privateKey());
        Files.writeString(conf.resolve("empty.pem"), "no PEM here\n");
        String[][] cases = {
            {"<tls server-name=\"x\"/>", "/element/pool[1]/tls[1]", "Attribute 'trusted-cas' must appear on element 'tls'"},
            {"<tls trusted-cas=\"ca.pem\" server-name=\"bad_name\"/>", "/element/pool[1]/tls[1]", "'bad_name'"},
            {"<tls trusted-cas=\"missing.pem\"/>", "/element/pool[1]/tls[1]", "trusted-cas file not found or not readable"},
            {"<tls trusted-cas=\"empty.pem\"/>", "/element/pool[1]/tls[1]",
                "trusted-cas: " + conf.resolve("empty.pem") + " is not a PEM file of X.509 certificates"},
            {"<tls trusted-cas=\"ca.pem\" certificate=\"client.pem\"/>", "/element/pool[1]/tls[1]", "certificate needs private-key"},
            {"<tls trusted-cas=\"ca.pem\" private-key=\"other-key.pem\"/>", "/element/pool[1]/tls[1]", "private-key needs certificate"},
            {"<tls trusted-cas=\"ca.pem\" certificate=\"client.pem\" private-key=\"other-key.pem\"/>", "/element/pool[1]/tls[1]",
                "private-key: " + conf.resolve("other-key.pem") + " is not the private key of certificate CN=element"},
            {"<tls trusted-cas=\"ca.pem\" certificate=\"client.pem\" private-key=\"client.pem\"/>", "/element/pool[1]/tls[1]",
                "holds no unencrypted PKCS#8 key"},
            {"", "/element/pool[1]/member[1]", "server-name is for TLS; pool 'p' has no <tls> child"},
        };
        for (String[] c : cases) {
            String member = c[0].isEmpty() ? "<member address=\"127.0.0.1\" port=\"1\" server-name=\"a.b\"/>"
                    : "<member address=\"127.0.0.1\" port=\"1\"/>";
            XmlDocumentException e = rejected("  <listener name=\"web\" protocol=\"http\" port=\"0\"/>\n  <pool name=\"p\">"
                    + c[0] + member + "</pool>\n");
            assertTrue(e.getMessage().startsWith("element.xml [4:"), e.getMessage());
            if (c[1].startsWith("/")) {
                assertEquals(c[1], e.elementPath(), e.getMessage());
            }
            assertTrue(e.reason().contains(c[2]), c[2] + " in " + e.getMessage());
        }
    }

    @Test
    void httpListenerWithTlsIsRejected() throws Exception {
        Files.writeString(conf.resolve("c.pem"), "x");
        XmlDocumentException e = rejected("""
                  <listener name="web" protocol="http" port="0"><tls certificate="c.pem" private-key="c.pem"/></listener>
                """);
        assertTrue(e.reason().contains("use protocol=\"https\""), e.reason());
    }

    @Test
    void duplicateAddressAndPortIsRejected() {
        XmlDocumentException e = rejected("""
                  <listener name="a" protocol="http" port="18080"/>
                  <listener name="b" protocol="http" address="0.0.0.0" port="18080"/>
                """);
        assertEquals("/element/listener[2]", e.elementPath());
        assertTrue(e.reason().contains("listener 'b' wants 0.0.0.0:18080, already taken by listener 'a'"), e.reason());
    }

    @Test
    void demoUpstreamClashingWithListenerIsRejected() {
        XmlDocumentException e = rejected("""
                  <listener name="a" protocol="http" port="18081"/>
                  <demo-upstream port="18081"/>
                """);
        assertEquals("/element/demo-upstream[1]", e.elementPath());
    }

    @Test
    void ephemeralPortsNeverClash() throws Exception {
        ElementConfig config = load("""
                  <listener name="a" protocol="http" port="0"/>
                  <listener name="b" protocol="http" port="0"/>
                """);
        assertEquals(2, config.listeners().size());
    }

    @Test
    void routeNamingUnknownOrTcpListenerIsRejected() {
        XmlDocumentException unknown = rejected("""
                  <listener name="a" protocol="http" port="0"/>
                  <pool name="p"><member address="127.0.0.1" port="1"/></pool>
                  <route name="r" pool="p" listeners="a nope"/>
                """);
        assertEquals("/element/route[1]", unknown.elementPath());
        assertTrue(unknown.reason().contains("listener 'nope', which is not declared"), unknown.reason());
        XmlDocumentException tcp = rejected("""
                  <listener name="a" protocol="tcp" port="0" pool="p"/>
                  <pool name="p"><member address="127.0.0.1" port="1"/></pool>
                  <route name="r" pool="p" listeners="a"/>
                """);
        assertTrue(tcp.reason().contains("names tcp listener 'a'"), tcp.reason());
    }

    @Test
    void missingTlsFileIsRejected() {
        XmlDocumentException e = rejected("""
                  <listener name="s" protocol="https" port="0"><tls certificate="nope.crt" private-key="nope.key"/></listener>
                """);
        assertEquals("/element/listener[1]/tls[1]", e.elementPath());
        assertTrue(e.reason().startsWith("certificate file not found"), e.reason());
    }

    @Test
    void clientAuthWithoutTrustedCasIsRejected() throws Exception {
        Files.writeString(conf.resolve("c.pem"), "x");
        XmlDocumentException e = rejected("""
                  <listener name="s" protocol="https" port="0"><tls certificate="c.pem" private-key="c.pem" client-auth="require"/></listener>
                """);
        assertTrue(e.reason().contains("needs trusted-client-cas"), e.reason());
    }

    @Test
    void schemaErrorsKeepTheReaderFormat() {
        XmlDocumentException e = rejected("  <listener name=\"a\" protocol=\"gopher\" port=\"0\"/>\n");
        assertEquals(3, e.line());
        assertEquals("/element/listener[1]", e.elementPath());
    }

    @Test
    void missingFileIsNamed() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> new ElementConfigLoader(conf).load(conf.resolve("element.xml")));
        assertTrue(e.getMessage().startsWith("element.xml: file not found"), e.getMessage());
    }
}
