package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.dataplane.engine.DataPlaneEngine;
import org.gatehouse.flow.engine.internal.engine.FlowEngine;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.management.testing.PrometheusScrape;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.message.MessageChanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} over the real flow engine and the real data plane on loopback (the OSGi wiring
 * is itest/'s): requests sent through a listener, some claimed by a message type whose flow runs a
 * built-in step, move the listener, message, flow duration and upstream counters of the scrape.
 */
class MetricsOverRealComponentsTest {
    @TempDir
    Path folder;

    private HttpServer upstream;
    private FlowEngine flows;
    private DataPlaneEngine plane;
    private TestServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    /** A built-in step that marks the request and lets it go on. */
    static final class StampFactory implements PlatformStepFactory {
        @Override
        public BladeletDescriptor descriptor() {
            return new BladeletDescriptor("stamp", BladeletKind.STEP, "test.Stamp", "marks the request", BodyAccess.NONE, List.of());
        }

        @Override
        public PlatformStep create(BladeletContext context, StepResources resources) {
            return (message, messageContext) -> CompletableFuture.completedStage(PlatformOutcome.of(
                    StepOutcome.proceed(MessageChanges.builder().setHeader("X-Stamp", "yes").build())));
        }
    }

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] answer = ("stamp=" + exchange.getRequestHeaders().getFirst("X-Stamp")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        flows = new FlowEngine(null, Clock.systemUTC());
        flows.registry().addStep(new PlatformStepSource(new StampFactory(), folder.resolve("data"), Clock.systemUTC()));
        flows.replace("flows.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<flows xmlns=\"urn:gatehouse:flows:1\">\n"
                + "  <message-type name=\"orders\" flow=\"stamped\"><match path-prefix=\"/orders\"/></message-type>\n"
                + "  <flow name=\"stamped\"><step bladelet=\"stamp\"/></flow>\n</flows>\n").getBytes(StandardCharsets.UTF_8));
        Path conf = Files.createDirectories(folder.resolve("conf"));
        Path element = Files.writeString(conf.resolve("element.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<element xmlns=\"urn:gatehouse:element:1\" name=\"metrics-test\">\n"
                + "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"app\"><member address=\"127.0.0.1\" port=\"" + upstream.getAddress().getPort() + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"app\"/>\n</element>\n");
        plane = new DataPlaneEngine(conf, 1, () -> flows);
        plane.apply(new ElementConfigLoader(conf).load(element));
        server = TestServer.start(folder.resolve("home"), Map.of());
        server.services.useFlowService(flows);
        server.services.useDataPlane(plane);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (plane != null) {
            plane.close();
        }
        if (flows != null) {
            flows.close();
        }
        upstream.stop(0);
    }

    private String send(String path) throws Exception {
        InetSocketAddress listener = plane.boundAddresses().get("public");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + listener.getPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = server.get("/metrics", TestServer.AUDITOR);
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusScrape.parse(response.body());
    }

    @Test
    void trafficThroughTheElementMovesItsCounters() throws Exception {
        PrometheusScrape before = scrape();
        assertEquals(0, before.value("gatehouse_listener_requests_total", Map.of("listener", "public")));
        assertEquals(0, before.value("gatehouse_flow_messages_total", Map.of("message_type", "orders")));
        assertEquals(0, before.value("gatehouse_flow_duration_seconds_count", Map.of("message_type", "orders")));
        assertEquals(1, before.value("gatehouse_flows_generation", Map.of()));

        assertEquals("stamp=yes", send("/orders/1"));
        assertEquals("stamp=yes", send("/orders/2"));
        assertEquals("stamp=null", send("/health"), "not an order: no flow, the fast path");

        PrometheusScrape after = awaitScrape(() -> scrapeValue("gatehouse_flow_duration_seconds_count", Map.of("message_type", "orders")) == 2
                && scrapeValue("gatehouse_upstream_exchanges_total", Map.of("route", "all", "outcome", "response")) == 3
                && scrapeValue("gatehouse_http_response_duration_seconds_count", Map.of("listener", "public")) == 3);
        assertEquals(3, after.value("gatehouse_listener_requests_total", Map.of("listener", "public")));
        assertEquals(2, after.value("gatehouse_flow_messages_total", Map.of("message_type", "orders")));
        assertTrue(after.value("gatehouse_flow_duration_seconds_sum", Map.of("message_type", "orders")) > 0);
        assertEquals(1, after.value("gatehouse_dataplane_generation", Map.of()));
        assertEquals("histogram", after.family("gatehouse_http_response_duration_seconds").orElseThrow().type());
        assertEquals(3, after.value("gatehouse_http_responses_total", Map.of("listener", "public", "code", "2xx")));
        assertEquals(0, after.value("gatehouse_http_responses_total", Map.of("listener", "public", "code", "5xx")));
        assertEquals(3, after.value("gatehouse_http_response_duration_seconds_count", Map.of("listener", "public")));
        assertEquals(3, after.value("gatehouse_http_response_duration_seconds_bucket", Map.of("listener", "public", "le", "+Inf")));
        assertTrue(after.value("gatehouse_http_response_duration_seconds_bucket", Map.of("listener", "public", "le", "10")) <= 3);
        assertEquals(1, after.value("gatehouse_upstream_member_healthy",
                Map.of("pool", "app", "member", "127.0.0.1:" + upstream.getAddress().getPort())));
    }

    private double scrapeValue(String name, Map<String, String> labels) {
        try {
            return scrape().find(name, labels).map(PrometheusScrape.Sample::value).orElse(-1.0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outcomes and durations are counted as exchanges end, which can be just after the client has its answer. */
    private PrometheusScrape awaitScrape(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the counters did not reach the expected values:\n" + server.get("/metrics", TestServer.AUDITOR).body());
            }
            Thread.sleep(20);
        }
        return scrape();
    }
}
