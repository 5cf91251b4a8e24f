package org.gatehouse.dataplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The element's side of channels in element.xml: {@code <channels>}, channel listeners and channel members. */
class ChannelsConfigTest {
    private static final String CHANNELS = "  <channels certificate=\"element.pem\" private-key=\"element-key.pem\""
            + " trusted-element-cas=\"elements-ca.pem\"/>\n";

    @TempDir
    Path conf;

    @BeforeEach
    void identity() throws Exception {
        Authority ca = TestPki.authority("CN=Elements CA");
        Issued element = ca.client("CN=edge-1");
        TestPki.pem(conf.resolve("elements-ca.pem"), ca.certificate());
        TestPki.pem(conf.resolve("element.pem"), element.certificate());
        TestPki.pem(conf.resolve("element-key.pem"), element.privateKey());
        TestPki.pem(conf.resolve("other-key.pem"), ca.client("CN=other").privateKey());
        Files.writeString(conf.resolve("empty.pem"), "no PEM here\n");
    }

    private ElementConfig load(String body) throws XmlDocumentException {
        String xml = "<?xml version=\"1.0\"?>\n<element xmlns=\"urn:gatehouse:element:1\" name=\"edge\">\n" + body + "</element>\n";
        return new ElementConfigLoader(conf).load("element.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private XmlDocumentException rejected(String body) {
        return assertThrows(XmlDocumentException.class, () -> load(body));
    }

    @Test
    void bothSidesOfChannelsBind() throws Exception {
        ElementConfig config = load(CHANNELS + """
                  <listener name="web" protocol="http" port="0"/>
                  <listener name="peers" protocol="channel" port="0"/>
                  <pool name="orders">
                    <channel-member peer-address="127.0.0.1" peer-port="7443" peer-name="edge-2.internal" service="orders" port="8443"/>
                    <channel-member peer-address="[::1]" peer-port="7443" service="0rders" port="8443"/>
                  </pool>
                  <route name="orders" pool="orders"/>
                """);
        assertEquals("channel-policy.xml", config.channels().policy(), "the schema's default policy file");
        assertEquals("elements-ca.pem", config.channels().trustedElementCas());
        ListenerConfig peers = config.listeners().get(1);
        assertEquals(Protocol.CHANNEL, peers.protocol());
        assertFalse(peers.speaksHttp(), "a channel listener takes no routes");
        PoolConfig orders = config.pool("orders").orElseThrow();
        assertTrue(orders.throughChannels());
        assertTrue(orders.members().isEmpty());
        ChannelMemberConfig first = orders.channelMembers().get(0);
        assertEquals("edge-2.internal", first.expectedPeerName());
        assertEquals("orders:8443 via 127.0.0.1:7443", first.describe());
        assertEquals("::1", orders.channelMembers().get(1).expectedPeerName(), "no peer-name: the address");
    }

    @Test
    void anElementWithoutChannelsReadsAsBefore() throws Exception {
        ElementConfig config = load("""
                  <listener name="web" protocol="http" port="0"/>
                  <pool name="p"><member address="127.0.0.1" port="1"/></pool>
                """);
        assertNull(config.channels());
        assertFalse(config.pool("p").orElseThrow().throughChannels());
    }

    @Test
    void channelListenersAndMembersNeedTheChannelsIdentity() {
        XmlDocumentException listener = rejected("  <listener name=\"peers\" protocol=\"channel\" port=\"0\"/>\n");
        assertEquals("element.xml [3:55] /element/listener[1]: channel listener 'peers' needs the element's <channels>"
                + " (its policy, certificate, private-key and trusted-element-cas)", listener.getMessage());
        XmlDocumentException member = rejected("""
                  <listener name="web" protocol="http" port="0"/>
                  <pool name="orders">
                    <channel-member peer-address="127.0.0.1" peer-port="7443" service="orders" port="8443"/>
                  </pool>
                """);
        assertEquals("/element/pool[1]/channel-member[1]", member.elementPath());
        assertTrue(member.getMessage().startsWith("element.xml [5:"), member.getMessage());
        assertTrue(member.reason().contains("pool 'orders' reaches its targets through peer elements, which needs the element's <channels>"),
                member.reason());
    }

    @Test
    void aChannelListenerTakesNoTlsAndNoPool() {
        XmlDocumentException tls = rejected(CHANNELS + """
                  <listener name="peers" protocol="channel" port="0">
                    <tls certificate="element.pem" private-key="element-key.pem"/>
                  </listener>
                """);
        assertEquals("/element/listener[1]", tls.elementPath());
        assertTrue(tls.reason().contains("takes no <tls> child: it presents the certificate of <channels>"), tls.reason());
        XmlDocumentException pool = rejected(CHANNELS + """
                  <listener name="peers" protocol="channel" port="0" pool="p"/>
                  <pool name="p"><member address="127.0.0.1" port="1"/></pool>
                """);
        assertTrue(pool.reason().contains("channel listener 'peers' takes no pool attribute"), pool.reason());
    }

    @Test
    void aChannelPoolTakesNoTlsNoHealthCheckAndNoTcpListener() {
        XmlDocumentException tls = rejected(CHANNELS + """
                  <listener name="web" protocol="http" port="0"/>
                  <pool name="orders">
                    <tls trusted-cas="elements-ca.pem"/>
                    <channel-member peer-address="127.0.0.1" peer-port="7443" service="orders" port="8443"/>
                  </pool>
                """);
        assertEquals("/element/pool[1]/tls[1]", tls.elementPath());
        assertTrue(tls.reason().contains("the pool takes no <tls>"), tls.reason());
        XmlDocumentException health = rejected(CHANNELS + """
                  <listener name="web" protocol="http" port="0"/>
                  <pool name="orders">
                    <channel-member peer-address="127.0.0.1" peer-port="7443" service="orders" port="8443"/>
                    <health-check path="/"/>
                  </pool>
                """);
        assertEquals("/element/pool[1]/health-check[1]", health.elementPath());
        XmlDocumentException relay = rejected(CHANNELS + """
                  <listener name="db" protocol="tcp" port="0" pool="orders"/>
                  <pool name="orders">
                    <channel-member peer-address="127.0.0.1" peer-port="7443" service="orders" port="8443"/>
                  </pool>
                """);
        assertEquals("/element/listener[1]", relay.elementPath());
        assertTrue(relay.reason().contains("channels carry HTTP requests only"), relay.reason());
    }

    @Test
    void aRouteCannotNameAChannelListener() {
        XmlDocumentException e = rejected(CHANNELS + """
                  <listener name="peers" protocol="channel" port="0"/>
                  <pool name="p"><member address="127.0.0.1" port="1"/></pool>
                  <route name="r" pool="p" listeners="peers"/>
                """);
        assertEquals("/element/route[1]", e.elementPath());
    }

    @Test
    void theChannelsFilesAreReadNow() {
        String[][] cases = {
            {"certificate=\"missing.pem\" private-key=\"element-key.pem\" trusted-element-cas=\"elements-ca.pem\"",
                "certificate file not found or not readable: " + conf.resolve("missing.pem")},
            {"certificate=\"element.pem\" private-key=\"element-key.pem\" trusted-element-cas=\"missing.pem\"",
                "trusted-element-cas file not found or not readable"},
            {"certificate=\"element.pem\" private-key=\"element-key.pem\" trusted-element-cas=\"empty.pem\"",
                "trusted-element-cas: " + conf.resolve("empty.pem") + " is not a PEM file of X.509 certificates"},
            {"certificate=\"empty.pem\" private-key=\"element-key.pem\" trusted-element-cas=\"elements-ca.pem\"",
                "certificate: " + conf.resolve("empty.pem") + " is not a PEM file"},
            {"certificate=\"element.pem\" private-key=\"other-key.pem\" trusted-element-cas=\"elements-ca.pem\"",
                "private-key: " + conf.resolve("other-key.pem") + " is not the private key of certificate CN=edge-1"},
        };
        for (String[] c : cases) {
            XmlDocumentException e = rejected("  <channels " + c[0] + "/>\n  <listener name=\"peers\" protocol=\"channel\" port=\"0\"/>\n");
            assertTrue(e.getMessage().startsWith("element.xml [3:"), e.getMessage());
            assertEquals("/element/channels[1]", e.elementPath(), e.getMessage());
            assertTrue(e.reason().contains(c[1]), c[1] + " in " + e.getMessage());
        }
    }

    @Test
    void theChannelPolicyMayBeMissing() throws Exception {
        // a policy that does not read denies every channel until it does (docs/channels.md "The policy file")
        ElementConfig config = load("  <channels policy=\"policies/none.xml\" certificate=\"element.pem\" private-key=\"element-key.pem\""
                + " trusted-element-cas=\"elements-ca.pem\"/>\n  <listener name=\"peers\" protocol=\"channel\" port=\"0\"/>\n");
        assertEquals("policies/none.xml", config.channels().policy());
    }
}
