package org.gatehouse.itest.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.itest.lifecycle.CountingUpstream;
import org.gatehouse.itest.lifecycle.LifecycleElement;
import org.gatehouse.itest.support.FreePort;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two started distributions (two processes, each its own Felix) and a real upstream
 * (docs/channels.md "In the element"): a client with a certificate reaches the target through the
 * ingress element and the egress element; the bytes between the elements pass a recording relay
 * and hold nothing of the request in the clear; a deny at ingress and one at egress each stop it
 * (and the enabling rule lets it through); a changed channel policy takes effect without a
 * restart; both audit logs hold the channel's records; {@code gatehouse channels list} reads.
 */
class ChannelsBetweenElementsIT {
    private static final String SECRET_BODY = "top-secret-order-body-9001";

    private CountingUpstream upstream;
    private LifecycleElement ingress;
    private LifecycleElement egress;
    private Relay relay;
    private Authority instances;
    private Issued billing;
    private Issued intern;

    @BeforeEach
    void twoElements() throws Exception {
        upstream = new CountingUpstream();
        Authority elements = TestPki.authority("CN=Elements IT CA,O=Gatehouse Test");
        instances = TestPki.authority("CN=Instances IT CA,O=Gatehouse Test");
        billing = instances.clientWithUris("CN=billing,O=Example", "spiffe://example.org/billing/api");
        intern = instances.clientWithUris("CN=intern,O=Example", "spiffe://example.org/reporting/intern");

        egress = new LifecycleElement(upstream, "");
        int channelPort = FreePort.find();
        identity(egress, elements, elements.server("CN=element-b,O=Gatehouse Test", "localhost"));
        egress.write("channel-policy.xml", policy("GET POST", "both"));
        egress.write("element.xml", """
                <element xmlns="urn:gatehouse:element:1" name="element-b">
                  <channels certificate="element.pem" private-key="element-key.pem" trusted-element-cas="elements-ca.pem"/>
                  <listener name="public" protocol="http" port="%d"/>
                  <listener name="peers" protocol="channel" port="%d"/>
                  <pool name="app"><member address="127.0.0.1" port="%d"/></pool>
                  <route name="all" pool="app"/>
                </element>
                """.formatted(egress.listenerPort, channelPort, upstream.port()));
        egress.start();
        relay = new Relay(channelPort);

        ingress = new LifecycleElement(upstream, "");
        identity(ingress, elements, elements.client("CN=element-a,O=Gatehouse Test"));
        Issued listener = instances.server("CN=element-a-clients,O=Gatehouse Test");
        TestPki.pem(conf(ingress).resolve("listener.pem"), listener.certificate());
        TestPki.pem(conf(ingress).resolve("listener-key.pem"), listener.privateKey());
        TestPki.pem(conf(ingress).resolve("instances-ca.pem"), instances.certificate());
        ingress.write("channel-policy.xml", policy("GET POST", "both"));
        ingress.write("element.xml", """
                <element xmlns="urn:gatehouse:element:1" name="element-a">
                  <channels certificate="element.pem" private-key="element-key.pem" trusted-element-cas="elements-ca.pem"/>
                  <listener name="clients" protocol="https" port="%d">
                    <tls certificate="listener.pem" private-key="listener-key.pem" client-auth="require" trusted-client-cas="instances-ca.pem"/>
                  </listener>
                  <pool name="orders">
                    <channel-member peer-address="127.0.0.1" peer-port="%d" peer-name="localhost" service="orders" port="%d"/>
                  </pool>
                  <route name="orders" pool="orders"/>
                </element>
                """.formatted(ingress.listenerPort, relay.port(), upstream.port()));
        ingress.start();
    }

    private static Path conf(LifecycleElement element) {
        return element.gatehouse.confDir();
    }

    private static void identity(LifecycleElement element, Authority ca, Issued issued) throws Exception {
        TestPki.pem(conf(element).resolve("elements-ca.pem"), ca.certificate());
        TestPki.pem(conf(element).resolve("element.pem"), issued.certificate());
        TestPki.pem(conf(element).resolve("element-key.pem"), issued.privateKey());
    }

    private String policy(String methods, String billingSide) {
        return """
                <channel-policy xmlns="urn:gatehouse:channel-policy:1">
                  <identity name="billing"><spiffe id="spiffe://example.org/billing/api"/></identity>
                  <identity name="intern"><spiffe id="spiffe://example.org/reporting/intern"/></identity>
                  <service name="orders" host="127.0.0.1"><port number="%d" protocol="http"/></service>
                  <rule name="no-interns" answer="deny"><from identity="intern"/><to service="orders"/></rule>
                  <rule name="billing-orders" answer="qualified-enable" side="%s">
                    <from identity="billing"/><to service="orders"/>
                    <qualifications audit="all"><http methods="%s" path="/api/orders/**"/></qualifications>
                  </rule>
                </channel-policy>
                """.formatted(upstream.port(), billingSide, methods);
    }

    @AfterEach
    void stop() throws Exception {
        if (ingress != null) {
            ingress.close();
        }
        if (egress != null) {
            egress.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private HttpResponse<String> send(Issued who, String method, String path, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(instances.clientContext(who)).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ingress.listenerPort + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A policy written in place decides a later request; the file is checked every second. */
    private HttpResponse<String> sendUntil(int status, Issued who, String method, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last;
        do {
            last = send(who, method, path, null);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return last;
    }

    @Test
    void requestsCrossBothElementsSealedAndEachSideDecides() throws Exception {
        HttpResponse<String> answer = send(billing, "POST", "/api/orders/42", SECRET_BODY);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("upstream saw /api/orders/42 as null", answer.body());
        assertEquals(1, upstream.requests());
        byte[] wire = relay.recorded();
        assertTrue(wire.length > 1000, "the relay saw the tunnel: " + wire.length + " bytes");
        assertFalse(contains(wire, SECRET_BODY), "the body is not on the wire between the elements in the clear");
        assertFalse(contains(wire, "/api/orders/42"), "nor the path");
        assertFalse(contains(wire, "upstream saw"), "nor the answer");

        // ingress: the intern is denied by a rule, a command outside the rule is denied; nothing reaches the target
        HttpResponse<String> denied = send(intern, "GET", "/api/orders/1", null);
        assertEquals(403, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("\"code\":\"channel_denied\""), denied.body());
        HttpResponse<String> command = send(billing, "DELETE", "/api/orders/1", null);
        assertEquals(403, command.statusCode(), command.body());
        assertTrue(command.body().contains("\"code\":\"channel_command_denied\""), command.body());
        assertEquals(1, upstream.requests());

        // egress: its own policy, changed in place, denies what the ingress allows; then allows it again
        egress.write("channel-policy.xml", policy("GET POST", "ingress"));
        assertEquals(403, sendUntil(403, billing, "GET", "/api/orders/7").statusCode(), "the egress reads its changed policy");
        long before = upstream.requests(); // requests sent before the change took effect went through
        HttpResponse<String> atEgress = send(billing, "GET", "/api/orders/7", null);
        assertEquals(403, atEgress.statusCode(), atEgress.body());
        assertTrue(atEgress.body().contains("\"code\":\"channel_denied\""), atEgress.body());
        assertEquals(before, upstream.requests(), "the egress deny stopped it");
        egress.write("channel-policy.xml", policy("GET POST", "both"));
        assertEquals(200, sendUntil(200, billing, "GET", "/api/orders/7").statusCode());
        assertEquals("/api/orders/7", upstream.lastTarget());

        // ingress policy changed in place: billing is denied there now, without a restart
        ingress.write("channel-policy.xml", policy("GET POST", "egress"));
        assertEquals(403, sendUntil(403, billing, "GET", "/api/orders/8").statusCode());

        // both audit logs hold the channel's records; no key material, key ids only
        CommandResult ingressAudit = ingress.cliAs(LifecycleElement.AUDITOR, "audit", "show", "--json");
        assertEquals(0, ingressAudit.exitCode(), ingressAudit.output());
        assertTrue(ingressAudit.output().contains("channel.opened") && ingressAudit.output().contains("channel.closed")
                && ingressAudit.output().contains("channel.denied"), ingressAudit.output());
        assertTrue(ingressAudit.output().contains("rule [no-interns] side [ingress]"), ingressAudit.output());
        CommandResult egressAudit = egress.cliAs(LifecycleElement.AUDITOR, "audit", "show", "--json");
        assertTrue(egressAudit.output().contains("channel.opened") && egressAudit.output().contains("side [egress]"), egressAudit.output());

        CommandResult list = ingress.cliAs(LifecycleElement.AUDITOR, "channels", "list", "--json");
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains("\"channels\""), list.output());
        assertEquals(1, ingress.cliAs(LifecycleElement.OPERATOR, "channels", "list").exitCode(), "an operator may not read channels");
    }

    private static boolean contains(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A TCP relay between the elements that keeps every byte it passes, both ways. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Relay(int targetPort) throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    Socket in;
                    try {
                        in = server.accept();
                    } catch (IOException e) {
                        return; // closed
                    }
                    try {
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        sockets.add(in);
                        sockets.add(out);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        closeQuietly(in); // the egress element is not listening (yet): this connection fails, the next may not
                    }
                }
            }, "relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        byte[] recorded() {
            synchronized (recorded) {
                return recorded.toByteArray();
            }
        }

        private void pump(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        synchronized (recorded) {
                            recorded.write(buffer, 0, n);
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side closed
                }
            }, "relay-pump");
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
