package org.gatehouse.itest.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token service on 127.0.0.1 and an ephemeral port answering OAuth 2.0 token introspection
 * (RFC 7662) at {@code POST /introspect}, as the sample extension {@code token-service-auth} asks
 * it: the one token it issued is active for its subject, in the group {@code ops}; any other is
 * inactive. Counts the questions it was asked.
 */
final class TokenService implements AutoCloseable {
    private final HttpServer server;
    private final String issuedToken;
    private final String subject;
    private final AtomicInteger introspections = new AtomicInteger();

    TokenService(String issuedToken, String subject) throws IOException {
        this.issuedToken = issuedToken;
        this.subject = subject;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/introspect", this::introspect);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/introspect";
    }

    int introspections() {
        return introspections.get();
    }

    private void introspect(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            introspections.incrementAndGet();
            String answer = issuedToken.equals(tokenField(form))
                    ? "{\"active\": true, \"sub\": \"" + subject + "\", \"groups\": [\"ops\"], \"scope\": \"orders:read\"}"
                    : "{\"active\": false}";
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String tokenField(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
