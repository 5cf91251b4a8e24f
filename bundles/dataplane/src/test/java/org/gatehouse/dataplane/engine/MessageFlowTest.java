package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LeakDetectionExtension;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data plane's side of flows, with a message processor written here (the flow engine's own
 * tests cover classification and steps): which requests reach the processor, what each kind of
 * result does on the wire, the body read for a flow and its bound, and failures failing closed.
 */
@ExtendWith(LeakDetectionExtension.class)
class MessageFlowTest {
    @TempDir
    Path conf;

    private DataPlaneHarness plane;
    private TestUpstream web;
    private TestUpstream other;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicReference<BiFunction<RequestHead, ByteBuffer, CompletionStage<FlowResult>>> flow = new AtomicReference<>();
    private final List<String> classified = new ArrayList<>();
    private volatile int bodyLimit = -1;

    @BeforeEach
    void start() throws Exception {
        web = new TestUpstream("web");
        other = new TestUpstream("other");
        plane = new DataPlaneHarness(conf);
        MessageProcessor processor = head -> {
            synchronized (classified) {
                classified.add(head.method() + " " + head.uri());
            }
            if (head.uri().startsWith("/boom")) {
                throw new IllegalStateException("classifier bug");
            }
            return head.uri().startsWith("/api") ? new TestMatch() : null;
        };
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + web.port() + "\"/></pool>\n"
                + "  <pool name=\"other\"><member address=\"127.0.0.1\" port=\"" + other.port() + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"web\"/>\n"
                + "  <route name=\"elsewhere\" pool=\"other\" path-prefix=\"/never-matched-by-path\"/>\n", () -> processor);
    }

    @AfterEach
    void stop() {
        plane.close();
        web.close();
        other.close();
    }

    private final class TestMatch implements MessageTypeMatch {
        @Override
        public String messageType() {
            return "api";
        }

        @Override
        public int bodyLimit() {
            return bodyLimit;
        }

        @Override
        public CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body) {
            return flow.get().apply(head, body);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(plane.uri("public", path));
    }

    private static List<Map.Entry<String, String>> with(RequestHead head, String name, String value) {
        List<Map.Entry<String, String>> headers = head.headerList();
        headers.add(Map.entry(name, value));
        return headers;
    }

    @Test
    void unclaimedRequestsTakeTheFastPathUntouched() throws Exception {
        flow.set((head, body) -> CompletableFuture.failedFuture(new AssertionError("no flow may run")));
        HttpResponse<String> response = send(to("/static/page").header("X-Client", "1"));
        assertEquals(200, response.statusCode());
        assertEquals("web GET /static/page 0", response.body());
        assertEquals("1", web.seen().get(0).header("X-Client"));
        assertEquals(List.of("GET /static/page"), classified);
    }

    @Test
    void forwardCarriesTheFlowsHeadersAndTargetOffTheEventLoop() throws Exception {
        flow.set((head, body) -> CompletableFuture.supplyAsync(() -> new FlowResult.Forward(
                with(head, "X-Authenticated-User", "alice"), "/internal" + head.uri(), Optional.empty(), Optional.empty()),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)));
        HttpResponse<String> response = send(to("/api/orders?id=7"));
        assertEquals(200, response.statusCode());
        assertEquals("web GET /internal/api/orders?id=7 0", response.body());
        assertEquals("alice", web.seen().get(0).header("X-Authenticated-User"));
        assertEquals("1.1 edge-test", web.seen().get(0).header("Via"), "forwarding headers are added after the flow");
    }

    @Test
    void respondAnswersTheClientAndForwardsNothing() throws Exception {
        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Respond(429,
                List.of(Map.entry("Retry-After", "3"), Map.entry("Content-Type", "text/plain")),
                ByteBuffer.wrap("slow down".getBytes(StandardCharsets.UTF_8)))));
        HttpResponse<String> response = send(to("/api/x"));
        assertEquals(429, response.statusCode());
        assertEquals("slow down", response.body());
        assertEquals("3", response.headers().firstValue("Retry-After").orElse(null));
        assertTrue(web.seen().isEmpty());
    }

    @Test
    void rejectGivesTheElementsErrorWithTheFlowsChallenge() throws Exception {
        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Reject(401, "authentication_required",
                "no credentials", List.of(Map.entry("WWW-Authenticate", "Basic realm=\"api\"")))));
        HttpResponse<String> response = send(to("/api/x"));
        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"api\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().contains("\"code\":\"authentication_required\""), response.body());
        assertTrue(web.seen().isEmpty());
    }

    @Test
    void aFlowCanRouteToANamedRoute() throws Exception {
        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Forward(head.headerList(), head.uri(),
                Optional.of("elsewhere"), Optional.empty())));
        assertEquals("other GET /api/x 0", send(to("/api/x")).body());
        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Forward(head.headerList(), head.uri(),
                Optional.of("missing"), Optional.empty())));
        HttpResponse<String> missing = send(to("/api/x"));
        assertEquals(502, missing.statusCode());
        assertTrue(missing.body().contains("'missing'"), missing.body());
    }

    @Test
    void theBodyIsReadForAFlowThatAsksAndForwardedWhole() throws Exception {
        bodyLimit = 1024;
        AtomicReference<String> seenByFlow = new AtomicReference<>();
        flow.set((head, body) -> {
            seenByFlow.set(StandardCharsets.UTF_8.decode(body).toString());
            return CompletableFuture.completedFuture(new FlowResult.PassThrough());
        });
        HttpResponse<String> response = send(to("/api/post").POST(HttpRequest.BodyPublishers.ofString("{\"order\":42}")));
        assertEquals("web POST /api/post 12", response.body());
        assertEquals("{\"order\":42}", seenByFlow.get());
        assertEquals("12", web.seen().get(0).header("Content-Length"));
    }

    @Test
    void aChunkedBodyIsAggregatedAndAFlowMayReplaceIt() throws Exception {
        bodyLimit = 1024;
        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Forward(head.headerList(), head.uri(),
                Optional.empty(), Optional.of(ByteBuffer.wrap("replaced".getBytes(StandardCharsets.UTF_8))))));
        try (RawHttpConnection connection = new RawHttpConnection(plane.address("public"))) {
            RawHttpConnection.Response response = connection.exchange("POST /api/chunks HTTP/1.1\r\nHost: test\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertEquals(200, response.status());
            assertEquals("web POST /api/chunks 8", response.body());
            // the connection goes on serving the next request
            assertEquals("web GET /plain 0", connection.exchange("GET /plain HTTP/1.1\r\nHost: test\r\n\r\n").body());
        }
    }

    @Test
    void aBodyOverTheMessageTypesBoundIsRefusedWithoutRunningTheFlow() throws Exception {
        bodyLimit = 10;
        flow.set((head, body) -> CompletableFuture.failedFuture(new AssertionError("no flow may run")));
        HttpResponse<String> declared = send(to("/api/big").POST(HttpRequest.BodyPublishers.ofString("x".repeat(11))));
        assertEquals(413, declared.statusCode());
        try (RawHttpConnection connection = new RawHttpConnection(plane.address("public"))) {
            RawHttpConnection.Response chunked = connection.exchange("POST /api/chunks HTTP/1.1\r\nHost: test\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n");
            assertEquals(413, chunked.status());
        }
        assertTrue(web.seen().isEmpty());
    }

    @Test
    void failuresFailClosed() throws Exception {
        flow.set((head, body) -> CompletableFuture.failedFuture(new IllegalStateException("step exploded")));
        HttpResponse<String> failed = send(to("/api/x"));
        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("flow_failed") && !failed.body().contains("exploded"), failed.body());

        HttpResponse<String> classifierBug = send(to("/boom"));
        assertEquals(500, classifierBug.statusCode());
        assertTrue(classifierBug.body().contains("classification_failed"), classifierBug.body());

        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Forward(
                with(head, "X-Evil", "a\r\nInjected: yes"), head.uri(), Optional.empty(), Optional.empty())));
        HttpResponse<String> injected = send(to("/api/x"));
        assertEquals(500, injected.statusCode());
        assertTrue(web.seen().isEmpty(), "nothing reached the upstream");
    }

    @Test
    void keepAliveConnectionsServeRequestsAfterAFlowAnswered() throws Exception {
        flow.set((head, body) -> CompletableFuture.completedFuture(new FlowResult.Reject(403, "forbidden", "no", List.of())));
        try (RawHttpConnection connection = new RawHttpConnection(plane.address("public"))) {
            assertEquals(403, connection.exchange("GET /api/a HTTP/1.1\r\nHost: test\r\n\r\n").status());
            assertEquals(200, connection.exchange("GET /b HTTP/1.1\r\nHost: test\r\n\r\n").status());
            assertEquals(403, connection.exchange("GET /api/c HTTP/1.1\r\nHost: test\r\n\r\n").status());
        }
    }
}
