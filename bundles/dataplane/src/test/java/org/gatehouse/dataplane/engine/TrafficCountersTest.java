package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gatehouse.dataplane.ResponseTimings;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counters behind the metrics (docs/management.md "Metrics"), moved by real requests on loopback: every request a
 * listener receives, routed or not, per route how its upstream exchanges ended, and each pool
 * member's health as its health check sees it.
 */
class TrafficCountersTest {
    @TempDir
    Path conf;

    private DataPlaneHarness plane;
    private TestUpstream web;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        web = new TestUpstream("web");
        plane = new DataPlaneHarness(conf);
    }

    @AfterEach
    void stop() {
        plane.close();
        web.close();
    }

    private int get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void requestsPerListenerAndOutcomesPerRoute() throws Exception {
        int closedPort = DataPlaneHarness.freePort();
        DataPlaneEngine engine = plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <listener name=\"internal\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + web.port() + "\"/></pool>\n"
                + "  <pool name=\"dead\"><member address=\"127.0.0.1\" port=\"" + closedPort + "\"/></pool>\n"
                + "  <route name=\"gone\" path-prefix=\"/gone/\" pool=\"dead\"/>\n"
                + "  <route name=\"api\" path-prefix=\"/api/\" pool=\"web\"/>\n");
        assertEquals(Map.of(), engine.upstreamOutcomes());

        assertEquals(200, get(plane.uri("public", "/api/a")));
        assertEquals(200, get(plane.uri("public", "/api/b")));
        assertEquals(502, get(plane.uri("public", "/gone/x")));
        assertEquals(404, get(plane.uri("internal", "/nowhere")));

        assertEquals(Map.of("public", 3L, "internal", 1L), engine.listenerRequests());
        // the outcome is counted as the exchange ends, which can be just after the client has its answer
        Await.until(Duration.ofSeconds(10), "the outcomes counted", () -> engine.upstreamOutcomes().equals(Map.of("api", Map.of("response", 2L),
                "gone", Map.of("upstream_unavailable", 1L))));
    }

    @Test
    void everyAnswerIsTimedAndCountedByStatusClassWhoeverMadeIt() throws Exception {
        int closedPort = DataPlaneHarness.freePort();
        DataPlaneEngine engine = plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + web.port() + "\"/></pool>\n"
                + "  <pool name=\"dead\"><member address=\"127.0.0.1\" port=\"" + closedPort + "\"/></pool>\n"
                + "  <route name=\"gone\" path-prefix=\"/gone/\" pool=\"dead\"/>\n"
                + "  <route name=\"api\" path-prefix=\"/api/\" pool=\"web\"/>\n");
        assertEquals(Map.of(), engine.responseTimings());

        // an upstream's answers, the element's refusal of an unrouted request, its answer for a dead upstream
        assertEquals(200, get(plane.uri("public", "/api/a")));
        assertEquals(200, get(plane.uri("public", "/api/b")));
        assertEquals(404, get(plane.uri("public", "/nowhere")));
        assertEquals(502, get(plane.uri("public", "/gone/x")));

        // the last part of an answer is timed as it is handed over, which can be just after the client has it
        Await.until(Duration.ofSeconds(10), "four answers timed", () -> engine.responseTimings().get("public").count() == 4);
        ResponseTimings timings = engine.responseTimings().get("public");
        assertEquals(Map.of("1xx", 0L, "2xx", 2L, "3xx", 0L, "4xx", 1L, "5xx", 1L), timings.statusClasses());
        assertEquals(11, timings.bucketBounds().size());
        for (int i = 1; i < timings.bucketCounts().size(); i++) {
            assertTrue(timings.bucketCounts().get(i) >= timings.bucketCounts().get(i - 1), "cumulative: " + timings.bucketCounts());
        }
        assertTrue(timings.bucketCounts().get(10) <= 4, "no answer counted twice: " + timings.bucketCounts());
        assertTrue(timings.sumSeconds() > 0 && timings.sumSeconds() < 40, "summed seconds " + timings.sumSeconds());
    }

    @Test
    void aListenerRemovedAndAddedAgainKeepsCountingUnderItsName() throws Exception {
        DataPlaneEngine engine = plane.start(DataPlaneHarness.passThrough(web.port()));
        assertEquals(200, get(plane.uri("public", "/one")));
        apply(engine, DataPlaneHarness.passThrough(web.port()).replace("name=\"public\"", "name=\"other\""));
        assertEquals(200, get(plane.uri("other", "/two")));
        apply(engine, DataPlaneHarness.passThrough(web.port()));
        assertEquals(200, get(plane.uri("public", "/three")));
        assertEquals(Map.of("public", 2L, "other", 1L), engine.listenerRequests());
    }

    @Test
    void memberHealthFollowsTheHealthCheck() throws Exception {
        TestUpstream spare = new TestUpstream("spare");
        try {
            DataPlaneEngine engine = plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <pool name=\"web\">\n    <member address=\"127.0.0.1\" port=\"" + web.port() + "\"/>\n"
                    + "    <member address=\"127.0.0.1\" port=\"" + spare.port() + "\"/>\n"
                    + "    <health-check path=\"/healthz\" interval=\"100ms\" timeout=\"500ms\" unhealthy-after=\"2\" healthy-after=\"2\"/>\n"
                    + "  </pool>\n  <route name=\"all\" pool=\"web\"/>\n");
            String webMember = "127.0.0.1:" + web.port();
            String spareMember = "127.0.0.1:" + spare.port();
            assertEquals(Map.of("web", Map.of(webMember, true, spareMember, true)), engine.memberHealth());
            spare.healthStatus(503);
            Await.until(Duration.ofSeconds(5), "the spare member reported down",
                    () -> engine.memberHealth().equals(Map.of("web", Map.of(webMember, true, spareMember, false))));
            spare.healthStatus(200);
            Await.until(Duration.ofSeconds(5), "the spare member reported up again",
                    () -> engine.memberHealth().equals(Map.of("web", Map.of(webMember, true, spareMember, true))));
        } finally {
            spare.close();
        }
    }

    private void apply(DataPlaneEngine engine, String children) throws Exception {
        engine.apply(new ElementConfigLoader(conf).load(plane.write(children)));
    }
}
