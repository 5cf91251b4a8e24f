package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.dataplane.engine.DataPlaneEngine;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flow engine behind the real data plane, over loopback sockets: a claimed request reaches
 * the upstream as its flow left it, a step's answer or a rejection reaches the client and
 * nothing reaches the upstream, and unclaimed traffic is forwarded untouched. An extension's
 * queue over real connections: a full queue is answered 503 at once, and a client that closes
 * its connection while its message waits takes it out of the queue.
 */
class DataPlaneFlowTest extends StartedEngineFixture {
    private HttpServer upstream;
    private DataPlaneEngine plane;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String trail = exchange.getRequestHeaders().getFirst("X-Trail");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestURI() + " trail=" + trail + " body=" + body);
            byte[] answer = "upstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        fixture.replace("  <settings step-timeout=\"300ms\"/>\n"
                + "  <message-type name=\"marked\" flow=\"marked\"><match path-prefix=\"/marked\"/></message-type>\n"
                + "  <message-type name=\"upper\" flow=\"upper\"><match path-prefix=\"/upper\"/></message-type>\n"
                + "  <message-type name=\"closed\" flow=\"closed\"><match path-prefix=\"/closed\"/></message-type>\n"
                + "  <message-type name=\"slow\" flow=\"slow\"><match path-prefix=\"/slow\"/></message-type>\n"
                + step("marked", "trail\"><param name=\"mark\" value=\"m\"/></step>")
                + step("upper", "upper-body\"/>")
                + step("closed", "respond\"><param name=\"status\" value=\"401\"/></step>")
                + step("slow", "sleep\"><param name=\"time\" value=\"5s\"/></step>"));
        Files.writeString(fixture.conf.resolve("element.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<element xmlns=\"urn:gatehouse:element:1\" name=\"flow-test\">\n"
                + "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"app\"><member address=\"127.0.0.1\" port=\"" + upstream.getAddress().getPort() + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"app\"/>\n</element>\n");
        plane = new DataPlaneEngine(fixture.conf, 1, () -> fixture.engine);
        plane.apply(new ElementConfigLoader(fixture.conf).load(fixture.conf.resolve("element.xml")));
    }

    private static String step(String flow, String rest) {
        return "  <flow name=\"" + flow + "\"><step extension=\"" + EngineFixture.EXTENSION + "\" bladelet=\"" + rest + "</flow>\n";
    }

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
        upstream.stop(0);
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        int port = plane.boundAddresses().get("public").getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void claimedRequestReachesTheUpstreamAsItsFlowLeftIt() throws Exception {
        HttpResponse<String> response = send("/marked/1?x=2", null);
        assertEquals(200, response.statusCode());
        assertEquals(List.of("/marked/1?x=2 trail=m (saw header none) body="), seen);
    }

    @Test
    void bodyReplacedByAStepIsForwarded() throws Exception {
        assertEquals(200, send("/upper", "quiet please").statusCode());
        assertEquals(List.of("/upper trail=null body=QUIET PLEASE"), seen);
    }

    @Test
    void stepAnswerReachesTheClientAndNothingTheUpstream() throws Exception {
        HttpResponse<String> response = send("/closed", null);
        assertEquals(401, response.statusCode());
        assertEquals("no entry for nobody", response.body());
        assertTrue(seen.isEmpty());
    }

    @Test
    void overrunningStepIs504WithTheElementsErrorBody() throws Exception {
        HttpResponse<String> response = send("/slow", null);
        assertEquals(504, response.statusCode());
        assertTrue(response.body().contains("step_timeout"), response.body());
        assertFalse(response.body().contains("InterruptedException"), response.body());
        assertTrue(seen.isEmpty());
    }

    /** Sends a request over a connection of its own, which the test closes when it likes. */
    private Socket open(String path, String seq) throws Exception {
        Socket socket = new Socket("127.0.0.1", plane.boundAddresses().get("public").getPort());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\nX-Seq: " + seq + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    private ExtensionQueue queue() {
        return fixture.engine.extensionQueues().stream().filter(q -> q.symbolicName().equals(EngineFixture.EXTENSION))
                .findFirst().orElseThrow();
    }

    @Test
    void fullQueueIs503AtOnceAndAClosedConnectionLeavesTheQueue() throws Exception {
        TestBladelets.gate = new Semaphore(0);
        TestBladelets.entered = new CountDownLatch(1);
        TestBladelets.ORDER.clear();
        fixture.replace("  <settings step-timeout=\"10s\" extension-concurrency=\"1\" extension-queue=\"1\"/>\n"
                + "  <message-type name=\"queued\" flow=\"queued\"><match path-prefix=\"/queued\"/></message-type>\n"
                + step("queued", "in-order\"/>"));
        try (Socket running = open("/queued", "1")) {
            assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
            try (Socket waiting = open("/queued", "2")) {
                Await.until("the second message waits", () -> queue().waiting() == 1);
                long start = System.nanoTime();
                HttpResponse<String> refused = send("/queued", null);
                assertEquals(503, refused.statusCode());
                assertTrue(refused.body().contains("extension_overloaded"), refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered without waiting");
            }
            Await.until("the closed connection's message left the queue", () -> queue().waiting() == 0);
            assertEquals(1, queue().abandoned());
            TestBladelets.gate.release(1);
            assertEquals("HTTP/1.1 200 OK", statusLine(running));
        } finally {
            TestBladelets.gate.release(10);
        }
        assertEquals(List.of("1"), TestBladelets.ORDER, "the message of the closed connection never ran");
        assertEquals(List.of("/queued trail=null body="), seen);
    }

    @Test
    void unclaimedRequestTakesTheFastPath() throws Exception {
        assertEquals("upstream", send("/elsewhere", null).body());
        assertEquals(List.of("/elsewhere trail=null body="), seen);
    }
}
