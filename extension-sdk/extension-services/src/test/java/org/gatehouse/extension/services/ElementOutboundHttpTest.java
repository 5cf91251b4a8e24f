package org.gatehouse.extension.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.http.OutboundHttpException;
import org.gatehouse.sdk.http.OutboundHttpException.Reason;
import org.gatehouse.sdk.http.OutboundRequest;
import org.gatehouse.sdk.http.OutboundResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real server on loopback, and its gate. */
class ElementOutboundHttpTest {
    private HttpServer server;
    private URI base;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final OutboundHttp http = ElementOutboundHttp.unchecked();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("X-Trace")
                    + " " + new String(body, StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("X-Answer", "one");
            exchange.getResponseHeaders().add("X-Answer", "two");
            answer(exchange, 201, ("got " + body.length).getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/moved", exchange -> {
            seen.add("moved");
            exchange.getResponseHeaders().add("Location", base.resolve("/echo").toString());
            answer(exchange, 302, new byte[0]);
        });
        server.createContext("/big", exchange -> answer(exchange, 200, new byte[64 * 1024]));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, new byte[0]);
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void sendsTheRequestAndReadsTheWholeAnswer() throws OutboundHttpException {
        OutboundResponse answer = http.send(OutboundRequest.post(base.resolve("/echo?x=1"), "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                .withHeader("X-Trace", "t-1"));
        assertEquals(201, answer.status());
        assertEquals("got 7", answer.text());
        assertEquals(List.of("one", "two"), answer.headers().get("x-answer"));
        assertEquals("one", answer.header("X-ANSWER").orElseThrow());
        assertEquals(List.of("POST /echo?x=1 t-1 {\"a\":1}"), seen);
    }

    @Test
    void aRedirectIsTheAnswerAndIsNotFollowed() throws OutboundHttpException {
        OutboundResponse answer = http.send(OutboundRequest.get(base.resolve("/moved")));
        assertEquals(302, answer.status());
        assertEquals(base.resolve("/echo").toString(), answer.header("location").orElseThrow());
        assertEquals(List.of("moved"), seen, "the element never went where the redirect pointed");
    }

    @Test
    void anAnswerPastItsBoundIsRefused() throws OutboundHttpException {
        assertEquals(64 * 1024, http.send(OutboundRequest.get(base.resolve("/big"))).body().length);
        OutboundHttpException refused = assertThrows(OutboundHttpException.class,
                () -> http.send(OutboundRequest.get(base.resolve("/big")).withMaxResponseBytes(64 * 1024 - 1)));
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertTrue(refused.getMessage().contains("longer than 65535 bytes"), refused.getMessage());
    }

    @Test
    void theTimeoutBoundsTheWholeExchange() {
        long start = System.nanoTime();
        OutboundHttpException late = assertThrows(OutboundHttpException.class,
                () -> http.send(OutboundRequest.get(base.resolve("/slow")).withTimeout(Duration.ofMillis(300))));
        assertEquals(Reason.TIMEOUT, late.reason());
        assertTrue(late.getMessage().contains("did not answer within 300 ms"), late.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "did not wait for the slow answer");
    }

    @Test
    void failuresSayWhy() throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        assertEquals(Reason.CONNECT_FAILED, assertThrows(OutboundHttpException.class,
                () -> http.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + closedPort + "/")))).reason());
        assertEquals(Reason.UNKNOWN_HOST, assertThrows(OutboundHttpException.class,
                () -> http.send(OutboundRequest.get(URI.create("http://no-such-host.invalid/")))).reason());
        // https to a server that answers in plain HTTP: the handshake fails
        assertEquals(Reason.TLS, againstARawServer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "https").reason());
    }

    @Test
    void aServerThatBreaksTheProtocolIsAProtocolFailure() throws Exception {
        OutboundHttpException broken = againstARawServer("NOT HTTP AT ALL\r\n\r\n", "http");
        assertEquals(Reason.PROTOCOL, broken.reason(), broken.getMessage());
    }

    /** What the client says of a server that answers one connection with {@code reply}, whatever it was sent. */
    private OutboundHttpException againstARawServer(String reply, String scheme) throws IOException {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                try (Socket s = raw.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test looks at the client's side
                }
            });
            answerer.start();
            OutboundHttpException failed = assertThrows(OutboundHttpException.class,
                    () -> http.send(OutboundRequest.get(URI.create(scheme + "://127.0.0.1:" + raw.getLocalPort() + "/"))));
            answerer.join(5_000);
            return failed;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The gate sees the host as the URI writes it and the port, and a refusal sends nothing. */
    @Test
    void theGateDecidesBeforeAnythingLeaves() throws OutboundHttpException {
        List<String> asked = new ArrayList<>();
        AtomicInteger passed = new AtomicInteger();
        OutboundGate onlyEcho = new OutboundGate() {
            @Override
            public <T> T pass(String host, int port, Callable<T> exchange) throws Exception {
                asked.add(host + ":" + port);
                if (port != server.getAddress().getPort()) {
                    throw new SecurityException("denied " + host + ":" + port);
                }
                passed.incrementAndGet();
                return exchange.call();
            }
        };
        OutboundHttp gated = new ElementOutboundHttp(ElementOutboundHttp.sharedClient(null), onlyEcho);
        assertEquals(201, gated.send(OutboundRequest.get(base.resolve("/echo"))).status());
        SecurityException denied = assertThrows(SecurityException.class,
                () -> gated.send(OutboundRequest.get(URI.create("http://[::1]:1/echo"))));
        assertEquals("denied [::1]:1", denied.getMessage());
        assertThrows(SecurityException.class, () -> gated.send(OutboundRequest.get(URI.create("https://example.invalid/"))));
        assertEquals(List.of("127.0.0.1:" + server.getAddress().getPort(), "[::1]:1", "example.invalid:443"), asked);
        assertEquals(1, passed.get());
        assertEquals(1, seen.size(), "only the allowed request reached a server");
    }

    @Test
    void aBadRequestIsRefusedWhenMadeNamingWhatIsWrong() {
        Map<String, Runnable> bad = Map.of(
                "scheme ftp is not http or https", () -> OutboundRequest.get(URI.create("ftp://h/x")),
                "carries user information", () -> OutboundRequest.get(URI.create("http://u:p@h/x")),
                "is not an absolute http or https URI", () -> OutboundRequest.get(URI.create("/relative")),
                "has a fragment", () -> OutboundRequest.get(URI.create("http://h/x#f")),
                "header Host is written by the client itself", () -> OutboundRequest.get(URI.create("http://h/")).withHeader("Host", "evil"),
                "a value holds a line break", () -> OutboundRequest.get(URI.create("http://h/")).withHeader("X-A", "a\r\nInjected: 1"),
                "header name 'X A' is not a token", () -> OutboundRequest.get(URI.create("http://h/")).withHeader("X A", "v"),
                "timeout PT1M1S is not between", () -> OutboundRequest.get(URI.create("http://h/")).withTimeout(Duration.ofSeconds(61)),
                "maxResponseBytes 0 is not between", () -> OutboundRequest.get(URI.create("http://h/")).withMaxResponseBytes(0));
        bad.forEach((message, make) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, make::run, message);
            assertTrue(refused.getMessage().contains(message), message + " / " + refused.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> new OutboundRequest("GET / HTTP/1.1", URI.create("http://h/"), Map.of(),
                new byte[0], Duration.ofSeconds(1), 1));
    }

    @Test
    void aRequestIsImmutable() {
        byte[] body = {1, 2, 3};
        OutboundRequest request = OutboundRequest.post(URI.create("http://h/"), "application/octet-stream", body);
        body[0] = 9;
        request.body()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, request.body());
        assertEquals(443, OutboundRequest.get(URI.create("https://h/")).port());
        assertEquals(8443, OutboundRequest.get(URI.create("https://h:8443/")).port());
    }
}
