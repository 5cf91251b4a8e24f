package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 and h2c through the real data plane on loopback to real upstreams. */
class HttpProxyTest {
    @TempDir
    Path conf;

    private DataPlaneHarness plane;
    private TestUpstream a;
    private TestUpstream b;
    private final HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void upstreams() throws Exception {
        a = new TestUpstream("a");
        b = new TestUpstream("b");
        plane = new DataPlaneHarness(conf);
    }

    @AfterEach
    void stop() {
        plane.close();
        a.close();
        b.close();
    }

    private String pool(String name, String attributes, TestUpstream... members) {
        StringBuilder sb = new StringBuilder("  <pool name=\"" + name + "\" " + attributes + ">\n");
        for (TestUpstream m : members) {
            sb.append("    <member address=\"127.0.0.1\" port=\"").append(m.port()).append("\"/>\n");
        }
        return sb.append("  </pool>\n").toString();
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http1.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardsWithForwardedHeadersAndVia() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        HttpResponse<String> response = get(plane.uri("public", "/hello?x=1"));
        assertEquals(200, response.statusCode());
        assertEquals("a GET /hello?x=1 0", response.body());
        assertEquals("1.1 edge-test", response.headers().firstValue("via").orElse(null));
        TestUpstream.Seen seen = a.seen().get(0);
        assertEquals("127.0.0.1", seen.header("X-Forwarded-For"));
        assertEquals("http", seen.header("X-Forwarded-Proto"));
        assertEquals("127.0.0.1:" + plane.address("public").getPort(), seen.header("X-Forwarded-Host"));
        assertEquals("1.1 edge-test", seen.header("Via"));
    }

    @Test
    void hopByHopHeadersAreRemovedBothWays() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            RawHttpConnection.Response response = client.exchange("GET /hop HTTP/1.1\r\nHost: a.test\r\n"
                    + "Connection: keep-alive, X-Client-Hop\r\nX-Client-Hop: secret\r\nKeep-Alive: timeout=9\r\n"
                    + "Proxy-Authorization: Basic eDp5\r\nTE: trailers\r\nUpgrade: websocket\r\nX-End-To-End: kept\r\n\r\n");
            assertEquals(200, response.status());
            assertNull(response.header("X-Upstream-Hop"), "named by the upstream's Connection header");
            assertNull(response.header("Keep-Alive"));
            assertEquals("a", response.header("X-Upstream"), "end-to-end fields pass");
        }
        TestUpstream.Seen seen = a.seen().get(0);
        for (String hop : List.of("x-client-hop", "keep-alive", "proxy-authorization", "te", "upgrade")) {
            assertFalse(seen.headers().containsKey(hop), hop + " reached the upstream: " + seen.headers());
        }
        assertEquals("kept", seen.header("X-End-To-End"));
    }

    @Test
    void keepAliveConnectionsAreReusedOnBothSides() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, client.exchange("GET /n" + i + " HTTP/1.1\r\nHost: a.test\r\n\r\n").status());
            }
        }
        List<Integer> upstreamPorts = a.seen().stream().map(TestUpstream.Seen::remotePort).distinct().toList();
        assertEquals(1, upstreamPorts.size(), "one pooled upstream connection served all three: " + upstreamPorts);
    }

    @Test
    void noRouteIs404Json() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"api\" path-prefix=\"/api/\" pool=\"web\"/>\n");
        HttpResponse<String> response = get(plane.uri("public", "/other"));
        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
        assertTrue(response.body().startsWith("{\"error\":{\"status\":404,\"code\":\"no_route\""), response.body());
        assertTrue(a.seen().isEmpty());
    }

    @Test
    void refusedUpstreamIs502JsonNamingTheRoute() throws Exception {
        int closedPort = DataPlaneHarness.freePort();
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"dead\"><member address=\"127.0.0.1\" port=\"" + closedPort + "\"/></pool>\n"
                + "  <route name=\"gone\" pool=\"dead\"/>\n");
        HttpResponse<String> response = get(plane.uri("public", "/x"));
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"upstream_unavailable\""), response.body());
        assertTrue(response.body().contains("\"route\":\"gone\""), response.body());
        assertTrue(response.body().contains("\"message\":\"no upstream server of route 'gone' is available\""), response.body());
        assertFalse(response.body().contains("127.0.0.1") || response.body().contains(Integer.toString(closedPort)),
                "the client does not learn the upstream's address: " + response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
    }

    @Test
    void refusingMemberIsSkippedForAWorkingOne() throws Exception {
        int closedPort = DataPlaneHarness.freePort();
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + closedPort + "\"/>"
                + "<member address=\"127.0.0.1\" port=\"" + a.port() + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"web\"/>\n");
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get(plane.uri("public", "/" + i)).statusCode());
        }
        assertEquals(4, a.seen().size());
    }

    @Test
    void slowUpstreamIs504AndTheNextRequestStillWorks() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "response-timeout=\"300ms\"", a)
                + "  <route name=\"slow\" pool=\"web\"/>\n");
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            RawHttpConnection.Response timeout = client.exchange("GET /slow/2000 HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertEquals(504, timeout.status());
            assertTrue(timeout.body().contains("\"code\":\"upstream_timeout\""), timeout.body());
            assertTrue(timeout.body().contains("within 300ms"), timeout.body());
            assertFalse(timeout.body().contains("127.0.0.1") || timeout.body().contains(":" + a.port()),
                    "the client does not learn the upstream's address: " + timeout.body());
            RawHttpConnection.Response next = client.exchange("GET /fast HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertEquals(200, next.status(), "the client connection survives a 504");
        }
    }

    @Test
    void roundRobinAlternates() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "balance=\"round-robin\"", a, b)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        for (int i = 0; i < 10; i++) {
            get(plane.uri("public", "/" + i));
        }
        assertEquals(5, a.seen().size());
        assertEquals(5, b.seen().size());
    }

    @Test
    void leastConnectionsAvoidsTheBusyMember() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "balance=\"least-connections\"", a, b)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        CompletableFuture<HttpResponse<String>> slow = http1.sendAsync(
                HttpRequest.newBuilder(plane.uri("public", "/slow/1500")).build(), HttpResponse.BodyHandlers.ofString());
        Await.until(Duration.ofSeconds(5), "the slow request reached an upstream", () -> a.seen().size() + b.seen().size() == 1);
        TestUpstream busy = a.seen().isEmpty() ? b : a;
        TestUpstream idle = busy == a ? b : a;
        for (int i = 0; i < 6; i++) {
            assertEquals(idle.name(), get(plane.uri("public", "/quick" + i)).headers().firstValue("x-upstream").orElse(null));
        }
        assertEquals(200, slow.get().statusCode());
        assertEquals(1, busy.seen().size());
        assertEquals(6, idle.seen().size());
    }

    @Test
    void healthCheckTakesAMemberOutAndBack() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\">\n    <member address=\"127.0.0.1\" port=\"" + a.port() + "\"/>\n"
                + "    <member address=\"127.0.0.1\" port=\"" + b.port() + "\"/>\n"
                + "    <health-check path=\"/healthz\" interval=\"100ms\" timeout=\"500ms\" unhealthy-after=\"2\" healthy-after=\"2\"/>\n"
                + "  </pool>\n  <route name=\"all\" pool=\"web\"/>\n");
        a.healthStatus(503);
        Await.until(Duration.ofSeconds(5), "member a taken out", () -> {
            try {
                return servedBy(10).getOrDefault("a", 0L) == 0L;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        a.healthStatus(200);
        Await.until(Duration.ofSeconds(5), "member a back in", () -> {
            try {
                return servedBy(10).getOrDefault("a", 0L) == 5L;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Map<String, Long> servedBy(int requests) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < requests; i++) {
            names.add(get(plane.uri("public", "/h")).headers().firstValue("x-upstream").orElse("?"));
        }
        return names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void h2cByUpgradeReachesTheSameProxy() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> first = h2.send(HttpRequest.newBuilder(plane.uri("public", "/up")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, first.version(), "upgraded to h2c");
        assertEquals("a GET /up 0", first.body());
        HttpResponse<String> post = h2.send(HttpRequest.newBuilder(plane.uri("public", "/post"))
                .POST(HttpRequest.BodyPublishers.ofString("twelve bytes")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, post.version());
        assertEquals("a POST /post 12", post.body());
        assertEquals("2.0 edge-test", a.seen().get(1).header("Via"));
    }

    @Test
    void h2cWithPriorKnowledge() throws Exception {
        plane.start("  <limits max-concurrent-streams=\"7\"/>\n  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        try (H2PriorKnowledgeClient client = new H2PriorKnowledgeClient(plane.address("public"))) {
            H2PriorKnowledgeClient.Answer first = client.get("/pk/1");
            H2PriorKnowledgeClient.Answer second = client.get("/pk/2");
            assertEquals("200", first.status());
            assertEquals("a GET /pk/1 0", first.body());
            assertEquals("a GET /pk/2 0", second.body());
            assertEquals("1.1 edge-test", second.headers().get("via"));
            assertEquals(7, client.serverMaxConcurrentStreams(), "limits/@max-concurrent-streams is announced in SETTINGS");
        }
        assertEquals("2.0 edge-test", a.seen().get(0).header("Via"));
    }

    @Test
    void elementErrorsEndOnlyTheirHttp2Stream() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "", a)
                + "  <route name=\"api\" path-prefix=\"/api/\" pool=\"web\"/>\n");
        try (H2PriorKnowledgeClient client = new H2PriorKnowledgeClient(plane.address("public"))) {
            H2PriorKnowledgeClient.Answer missing = client.get("/nowhere");
            assertEquals("404", missing.status());
            assertEquals("application/json", missing.headers().get("content-type"));
            assertTrue(missing.body().contains("\"code\":\"no_route\""), missing.body());
            assertEquals("a GET /api/ok 0", client.get("/api/ok").body(), "the connection carries on");
        }
    }

    @Test
    void idleClientConnectionIsClosedAfterTheTimeout() throws Exception {
        plane.start("  <limits client-idle-timeout=\"300ms\"/>\n  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + pool("web", "", a) + "  <route name=\"all\" pool=\"web\"/>\n");
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            assertEquals(200, client.exchange("GET /once HTTP/1.1\r\nHost: a.test\r\n\r\n").status());
            long start = System.nanoTime();
            assertTrue(client.closedByPeer(), "the element closes an idle keep-alive connection");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 200 && waitedMillis < 5000, "closed after " + waitedMillis + "ms");
        }
    }

    @Test
    void parkedUpstreamConnectionsCloseAfterTheIdleTimeout() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "idle-timeout=\"200ms\"", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        get(plane.uri("public", "/first"));
        get(plane.uri("public", "/reused"));
        Thread.sleep(700);
        get(plane.uri("public", "/after-idle"));
        List<TestUpstream.Seen> seen = a.seen();
        assertEquals(seen.get(0).remotePort(), seen.get(1).remotePort(), "reused while fresh");
        assertNotEquals(seen.get(1).remotePort(), seen.get(2).remotePort(), "a new connection after the idle timeout");
    }

    @Test
    void parkedConnectionsAreBoundedPerMember() throws Exception {
        plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n" + pool("web", "max-idle-connections=\"1\"", a)
                + "  <route name=\"all\" pool=\"web\"/>\n");
        HttpClient parallelClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Integer> first = upstreamPortsOfParallelRequests(parallelClient, 0);
        List<Integer> second = upstreamPortsOfParallelRequests(parallelClient, 3);
        assertEquals(3, first.stream().distinct().count(), "three concurrent requests need three connections: " + first);
        long reused = second.stream().filter(first::contains).count();
        assertEquals(1, reused, "only one connection was parked after the first batch: " + first + " then " + second);
    }

    private List<Integer> upstreamPortsOfParallelRequests(HttpClient client, int seenBefore) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> parallel = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parallel.add(client.sendAsync(HttpRequest.newBuilder(plane.uri("public", "/slow/400")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : parallel) {
            assertEquals(200, f.get().statusCode());
        }
        return a.seen().subList(seenBefore, seenBefore + 3).stream().map(TestUpstream.Seen::remotePort).toList();
    }
}
