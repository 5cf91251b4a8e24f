package org.gatehouse.sample.token.service.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real token service for the tests: the JDK's HTTP server on 127.0.0.1 and an ephemeral port,
 * answering introspection requests at {@code /introspect} with the reply set for each token, and
 * recording every request it got.
 */
final class TokenServiceOnLoopback implements AutoCloseable {
    /** How to answer one token: status, body, a delay before answering, chunked or with Content-Length. */
    record Reply(int status, String body, long delayMillis, boolean chunked) {
        static Reply json(String body) {
            return new Reply(200, body, 0, false);
        }
    }

    /** One request as the service saw it. */
    record Seen(String method, String contentType, String authorization, String body, Map<String, String> form) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    TokenServiceOnLoopback() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/introspect", this::answer);
        server.start();
    }

    /** The endpoint's URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect";
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** What to answer for the token; tokens with no reply get {@code {"active":false}}. */
    TokenServiceOnLoopback reply(String token, Reply reply) {
        replies.put(token, reply);
        return this;
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"), body, Map.copyOf(form)));
        Reply reply = replies.getOrDefault(form.getOrDefault("token", ""), Reply.json("{\"active\":false}"));
        sleep(reply.delayMillis());
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), reply.chunked() ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout tests): nothing to answer to
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
