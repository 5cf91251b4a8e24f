package org.gatehouse.itest.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An issuer's key set published on 127.0.0.1 and an ephemeral port (the JDK's HTTP server), as
 * the element's {@code jwt} authenticator fetches it: {@code GET /jwks.json}, the public half of
 * each key only. Counts the fetches.
 */
final class JwksEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final byte[] document;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    JwksEndpoint(RSAKey... keys) throws IOException {
        document = new JWKSet(List.of(keys)).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/jwks.json", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    int fetches() {
        return fetches.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
        }
    }

    /** Stops serving: the issuer's endpoint is down. Stopping again does nothing. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
