package org.gatehouse.channels.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.gatehouse.channels.tunnel.TunnelSettings;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.dataplane.engine.DataPlaneEngine;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two elements in one JVM, each a data plane with its channel gateway, and a real upstream: a
 * client with a certificate reaches the target through both; between the elements the bytes pass a
 * recording relay and hold nothing of the request in the clear; a deny at ingress and one at egress
 * each stop the request (and the rule that enables it lets it through); a changed policy takes
 * effect without a restart; channel events reach the audit log with key ids and counters.
 */
class TwoElementsTest {
    private static final String SECRET_BODY = "top-secret-order-body-4711";

    @TempDir
    Path folder;

    private Authority instances;
    private Issued billing;
    private Issued intern;
    private HttpServer upstream;
    private final List<String> upstreamSaw = new CopyOnWriteArrayList<>();
    private Relay relay;
    private DataPlaneEngine ingressPlane;
    private DataPlaneEngine egressPlane;
    private ChannelGatewayComponent ingress;
    private ChannelGatewayComponent egress;
    private FileAuditLog ingressAudit;
    private FileAuditLog egressAudit;
    private Path confA;
    private Path confB;
    private int clientPort;

    @BeforeEach
    void twoElements() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            upstreamSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + new String(body, StandardCharsets.UTF_8));
            byte[] answer = ("order for " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        int upstreamPort = upstream.getAddress().getPort();

        Authority elements = TestPki.authority("CN=Elements CA,O=Gatehouse Test");
        instances = TestPki.authority("CN=Instances CA,O=Gatehouse Test");
        billing = instances.clientWithUris("CN=billing,O=Example", "spiffe://example.org/billing/api");
        intern = instances.clientWithUris("CN=intern,O=Example", "spiffe://example.org/reporting/intern");
        confA = Files.createDirectories(folder.resolve("a"));
        confB = Files.createDirectories(folder.resolve("b"));
        writeIdentity(confA, elements, elements.client("CN=element-a,O=Gatehouse Test"));
        writeIdentity(confB, elements, elements.server("CN=element-b,O=Gatehouse Test", "localhost"));
        Issued listener = instances.server("CN=element-a-clients,O=Gatehouse Test");
        TestPki.pem(confA.resolve("listener.pem"), listener.certificate());
        TestPki.pem(confA.resolve("listener-key.pem"), listener.privateKey());
        TestPki.pem(confA.resolve("instances-ca.pem"), instances.certificate());
        Files.writeString(confA.resolve("channel-policy.xml"), policy(upstreamPort, "GET POST", "both"));
        Files.writeString(confB.resolve("channel-policy.xml"), policy(upstreamPort, "GET POST", "both"));

        ingressAudit = FileAuditLog.open(folder.resolve("audit-a"), 100, Clock.systemUTC());
        egressAudit = FileAuditLog.open(folder.resolve("audit-b"), 100, Clock.systemUTC());
        egress = gateway(egressAudit);
        egressPlane = new DataPlaneEngine(confB, 1);
        egressPlane.channelGateway(egress);
        Files.writeString(confB.resolve("element.xml"), """
                <element xmlns="urn:gatehouse:element:1" name="element-b">
                  <channels certificate="element.pem" private-key="element-key.pem" trusted-element-cas="elements-ca.pem"/>
                  <listener name="peers" protocol="channel" port="0"/>
                </element>
                """);
        egressPlane.apply(new ElementConfigLoader(confB).load(confB.resolve("element.xml")));
        relay = new Relay(egress.listenerAddresses().get("peers").getPort());

        ingress = gateway(ingressAudit);
        ingressPlane = new DataPlaneEngine(confA, 1);
        ingressPlane.channelGateway(ingress);
        Files.writeString(confA.resolve("element.xml"), """
                <element xmlns="urn:gatehouse:element:1" name="element-a">
                  <channels certificate="element.pem" private-key="element-key.pem" trusted-element-cas="elements-ca.pem"/>
                  <listener name="clients" protocol="https" port="0">
                    <tls certificate="listener.pem" private-key="listener-key.pem" client-auth="require" trusted-client-cas="instances-ca.pem"/>
                  </listener>
                  <pool name="orders">
                    <channel-member peer-address="127.0.0.1" peer-port="%d" peer-name="localhost" service="orders" port="%d"/>
                  </pool>
                  <route name="orders" pool="orders"/>
                </element>
                """.formatted(relay.port(), upstreamPort));
        ingressPlane.apply(new ElementConfigLoader(confA).load(confA.resolve("element.xml")));
        clientPort = ingressPlane.boundAddresses().get("clients").getPort();
    }

    private ChannelGatewayComponent gateway(FileAuditLog audit) {
        ChannelGatewayComponent gateway = new ChannelGatewayComponent();
        gateway.start(Clock.systemUTC(), TunnelSettings.defaults(), Duration.ofHours(1));
        gateway.auditLog(audit);
        return gateway;
    }

    private static void writeIdentity(Path conf, Authority ca, Issued element) throws Exception {
        TestPki.pem(conf.resolve("elements-ca.pem"), ca.certificate());
        TestPki.pem(conf.resolve("element.pem"), element.certificate());
        TestPki.pem(conf.resolve("element-key.pem"), element.privateKey());
    }

    /** Billing may use orders with {@code methods}; the intern never (a deny before the enabling rule). */
    private static String policy(int port, String methods, String billingSide) {
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
                """.formatted(port, billingSide, methods);
    }

    private HttpResponse<String> send(Issued who, String method, String path, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(instances.clientContext(who)).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + clientPort + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void policyAt(Path conf, ChannelGatewayComponent gateway, String policy) throws Exception {
        Files.writeString(conf.resolve("channel-policy.xml"), policy);
        gateway.checkPolicyNow();
    }

    @AfterEach
    void stop() throws Exception {
        if (ingressPlane != null) {
            ingressPlane.close();
        }
        if (egressPlane != null) {
            egressPlane.close();
        }
        if (ingress != null) {
            ingress.stop();
        }
        if (egress != null) {
            egress.stop();
        }
        if (relay != null) {
            relay.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (ingressAudit != null) {
            ingressAudit.close();
        }
        if (egressAudit != null) {
            egressAudit.close();
        }
    }

    @Test
    void aRequestReachesTheTargetThroughBothElementsSealedBetweenThem() throws Exception {
        HttpResponse<String> answer = send(billing, "POST", "/api/orders/42", SECRET_BODY);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("order for /api/orders/42", answer.body());
        assertEquals(List.of("POST /api/orders/42 " + SECRET_BODY), upstreamSaw);
        byte[] wire = relay.recorded();
        assertTrue(wire.length > 1000, "the relay saw the tunnel: " + wire.length + " bytes");
        assertFalse(contains(wire, SECRET_BODY), "the request body is not on the wire in the clear");
        assertFalse(contains(wire, "/api/orders/42"), "nor its path");
        assertFalse(contains(wire, "order for"), "nor the answer");

        // the audit of both sides: opened with key ids, closed with bytes and frames; no key material
        List<AuditRecord> a = records(ingress, ingressAudit);
        List<AuditRecord> b = records(egress, egressAudit);
        AuditRecord opened = a.stream().filter(r -> r.kind().equals("channel.opened")).findFirst().orElseThrow();
        assertTrue(opened.payload().startsWith("ingress channel 1 peer [CN=element-b,O=Gatehouse Test] source [spiffe://example.org/billing/api]"
                + " target [orders:"), opened.payload());
        assertTrue(opened.payload().contains("rule [billing-orders] keys [send "), opened.payload());
        assertTrue(b.stream().anyMatch(r -> r.kind().equals("channel.opened") && r.payload().startsWith("egress channel 1 peer [CN=element-a")),
                b.toString());
        AuditRecord closed = waitFor(egress, egressAudit, "channel.closed");
        assertTrue(closed.payload().contains("bytes [sent "), closed.payload());
        assertTrue(closed.payload().matches(".*frames \\[sent [1-9][0-9]*, received [1-9][0-9]*\\].*"), closed.payload());
    }

    @Test
    void aDenyAtIngressStopsTheRequestAndTheEnablingRuleLetsItThrough() throws Exception {
        HttpResponse<String> intern403 = send(intern, "GET", "/api/orders/1", null);
        assertEquals(403, intern403.statusCode());
        assertTrue(intern403.body().contains("\"code\":\"channel_denied\""), intern403.body());
        HttpResponse<String> command = send(billing, "DELETE", "/api/orders/1", null);
        assertEquals(403, command.statusCode());
        assertTrue(command.body().contains("\"code\":\"channel_command_denied\""), command.body());
        assertTrue(upstreamSaw.isEmpty(), "nothing reached the target: " + upstreamSaw);
        assertEquals(0, relay.connections(), "a deny at ingress opens nothing towards the peer");
        assertTrue(records(ingress, ingressAudit).stream().anyMatch(r -> r.kind().equals("channel.denied")
                && r.payload().contains("side [ingress]") && r.payload().contains("rule [no-interns]")));

        assertEquals(200, send(billing, "GET", "/api/orders/1", null).statusCode(), "the rule that enables it lets it through");

        // a changed ingress policy decides the next request, without a restart
        policyAt(confA, ingress, policy(upstream.getAddress().getPort(), "GET", "egress"));
        HttpResponse<String> now = send(billing, "GET", "/api/orders/1", null);
        assertEquals(403, now.statusCode(), "the ingress rule is for the egress side now: the default denies");
        assertTrue(now.body().contains("channel_denied"), now.body());
    }

    @Test
    void aDenyAtEgressStopsTheRequestWhatIngressAllowed() throws Exception {
        int port = upstream.getAddress().getPort();
        policyAt(confB, egress, policy(port, "GET POST", "ingress"));
        HttpResponse<String> denied = send(billing, "GET", "/api/orders/7", null);
        assertEquals(403, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("\"code\":\"channel_denied\""), denied.body());
        assertTrue(upstreamSaw.isEmpty(), "nothing reached the target: " + upstreamSaw);
        assertTrue(waitFor(egress, egressAudit, "channel.denied").payload().contains("side [egress]"));

        // the egress filters commands by its own rule: GET only
        policyAt(confB, egress, policy(port, "GET", "both"));
        HttpResponse<String> post = send(billing, "POST", "/api/orders/7", SECRET_BODY);
        assertEquals(403, post.statusCode(), post.body());
        assertTrue(post.body().contains("channel_command_denied"), post.body());
        assertTrue(upstreamSaw.isEmpty(), "nothing reached the target: " + upstreamSaw);
        HttpResponse<String> get = send(billing, "GET", "/api/orders/7", null);
        assertEquals(200, get.statusCode(), "the egress rule enables GET: " + get.body());
        assertEquals(List.of("GET /api/orders/7 "), upstreamSaw);
    }

    private static List<AuditRecord> records(ChannelGatewayComponent gateway, FileAuditLog log) throws Exception {
        gateway.drainAudit();
        return log.read(0, 1000);
    }

    private static AuditRecord waitFor(ChannelGatewayComponent gateway, FileAuditLog log, String kind) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            for (AuditRecord r : records(gateway, log)) {
                if (r.kind().equals(kind)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " record in " + records(gateway, log));
            }
            Thread.sleep(50);
        }
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
        private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile int connections;

        Relay(int targetPort) throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(java.net.InetAddress.getLoopbackAddress(), targetPort);
                        connections++;
                        sockets.add(in);
                        sockets.add(out);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections;
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

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
