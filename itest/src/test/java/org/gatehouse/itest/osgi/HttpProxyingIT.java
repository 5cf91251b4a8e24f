package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.FreePort;
import org.gatehouse.itest.support.LoopbackUpstream;
import org.gatehouse.itest.support.PriorKnowledgeH2Client;
import org.gatehouse.itest.support.RawHttpConnection;
import org.gatehouse.itest.support.TestClients;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Plain-text proxying through the element in a real framework: HTTP/1.1 and HTTP/2 (h2c) to a real
 * upstream on loopback, and the element's own JSON answers when no route matches (404), the
 * upstream is down (502) or too slow (504).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpProxyingIT extends GatehouseFrameworkTestBase {

    private static final String SLOW_POOL_TIMEOUT = "500ms";

    private static LoopbackUpstream upstream;

    @Configuration
    public Option[] configuration() {
        upstream = LoopbackUpstream.start("blue");
        Path conf = newConfDir();
        new ElementXml()
                .listener("web", "http", 0)
                .tcpListener("relay", 0, "blue")
                .pool("blue", "10s", upstream.port())
                // nothing listens there: the port was free a moment ago and is not bound again
                .pool("down", "10s", FreePort.find())
                .pool("impatient", SLOW_POOL_TIMEOUT, upstream.port())
                .route("app", "/app", "blue")
                .route("down", "/down", "down")
                .route("slow", "/slow", "impatient")
                .writeTo(conf);
        return gatehouseFramework(conf, Map.of());
    }

    private URI element(String path) {
        return URI.create("http://127.0.0.1:" + listenerPort("web") + path);
    }

    @Test
    public void http11RequestReachesTheUpstreamWithForwardingHeaders() throws Exception {
        HttpResponse<String> response = get(TestClients.http1(), element("/app/hello?x=1"));

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertEquals("blue", response.headers().firstValue("x-upstream").orElse(""));
        assertTrue(response.body(), response.body().contains("path=/app/hello?x=1\n"));
        assertTrue(response.body(), response.body().contains("method=GET\n"));
        assertTrue("X-Forwarded-For names the client: " + response.body(),
                response.body().contains("x-forwarded-for=127.0.0.1"));
        assertTrue("X-Forwarded-Proto is http: " + response.body(), response.body().contains("x-forwarded-proto=http\n"));
        assertFalse("Via is added: " + response.body(), response.body().contains("via=\n"));
    }

    @Test
    public void http11PostBodyArrivesWhole() throws Exception {
        String body = "a".repeat(100_000);
        HttpRequest request = HttpRequest.newBuilder(element("/app/post"))
                .timeout(PATIENCE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        HttpResponse<String> response = TestClients.http1().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("method=POST\n"));
        assertTrue(response.body(), response.body().contains("body-length=100000\n"));
    }

    @Test
    public void h2cUpgradeIsProxiedOverHttp2() throws Exception {
        // the JDK client asks for h2c with an HTTP/1.1 Upgrade (RFC 7540 section 3.2) on a plain connection
        HttpClient client = TestClients.http2();
        get(client, element("/app/first"));
        HttpResponse<String> response = get(client, element("/app/h2c"));

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertTrue(response.body(), response.body().contains("path=/app/h2c\n"));
        assertEquals("blue", response.headers().firstValue("x-upstream").orElse(""));
    }

    @Test
    public void h2cPriorKnowledgeIsProxiedOverHttp2() throws Exception {
        PriorKnowledgeH2Client.Answer answer = PriorKnowledgeH2Client.get(listenerPort("web"), "/app/prior-knowledge");

        assertEquals("status from the :status pseudo-header", 200, answer.status());
        assertTrue(answer.body(), answer.body().contains("path=/app/prior-knowledge\n"));
        assertTrue(answer.body(), answer.body().contains("upstream=blue\n"));
    }

    @Test
    public void tcpListenerRelaysBytesUntouched() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(listenerPort("relay"))) {
            RawHttpConnection.Response response = connection.get("/any/path", "relayed.example");

            assertEquals(response.body(), 200, response.status());
            assertEquals("blue", response.headers().get("x-upstream"));
            assertTrue("bytes are relayed, not rewritten: " + response.body(),
                    response.body().contains("host=relayed.example\n") && response.body().contains("x-forwarded-for=\n"));
            assertEquals("the relayed connection stays open for the next request", 200,
                    connection.get("/any/second", "relayed.example").status());
        }
    }

    @Test
    public void noRouteIsAJson404() throws Exception {
        HttpResponse<String> response = get(TestClients.http1(), element("/nowhere"));

        assertJsonError(response, 404, null);
        assertFalse("the upstream never saw it", response.headers().firstValue("x-upstream").isPresent());
    }

    @Test
    public void errorAnswerKeepsTheKeepAliveConnection() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(listenerPort("web"))) {
            RawHttpConnection.Response notFound = connection.get("/nowhere/keep-alive", "localhost");
            assertEquals(404, notFound.status());
            assertTrue(notFound.headers().get("content-type"), notFound.headers().get("content-type").startsWith("application/json"));

            RawHttpConnection.Response found = connection.get("/app/after-404", "localhost");
            assertEquals("the same connection serves the next request", 200, found.status());
            assertEquals("blue", found.headers().get("x-upstream"));
        }
    }

    @Test
    public void upstreamDownIsAJson502() throws Exception {
        assertJsonError(get(TestClients.http1(), element("/down/anything")), 502, "down");
    }

    @Test
    public void slowUpstreamIsAJson504AfterTheResponseTimeout() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = get(TestClients.http1(), element("/slow/answer?ms=5000"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertJsonError(response, 504, "slow");
        assertTrue("answered after the " + SLOW_POOL_TIMEOUT + " response timeout, took " + took,
                took.compareTo(Duration.ofMillis(450)) >= 0 && took.compareTo(Duration.ofMillis(4500)) < 0);
    }

    @Test
    public void errorsAreJsonOverHttp2Too() throws Exception {
        HttpClient client = TestClients.http2();
        get(client, element("/app/warm-up"));
        HttpResponse<String> response = get(client, element("/nowhere/h2"));

        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertJsonError(response, 404);
    }
}
