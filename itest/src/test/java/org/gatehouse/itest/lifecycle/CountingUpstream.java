package org.gatehouse.itest.lifecycle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application behind the element in the lifecycle tests: counts what reaches it and
 * answers with the identity headers the element set, so a test sees both what was forwarded
 * and that a refused message never arrived.
 */
public final class CountingUpstream implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private volatile String lastTarget;

    public CountingUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public long requests() {
        return requests.get();
    }

    /** A header of the last request that reached the upstream (lower-case name), or null. */
    public String lastHeader(String name) {
        return lastHeaders.get(name);
    }

    /** The request target (path and query, as received) of the last request that reached the upstream, or null. */
    public String lastTarget() {
        return lastTarget;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            lastHeaders.clear();
            lastTarget = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            exchange.getRequestHeaders().forEach((name, values) -> lastHeaders.put(name.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", values)));
            requests.incrementAndGet();
            byte[] body = ("upstream saw " + exchange.getRequestURI().getPath() + " as "
                    + String.valueOf(exchange.getRequestHeaders().getFirst("X-User"))).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    static List<String> headerNames(Map<String, List<String>> headers) {
        return List.copyOf(headers.keySet());
    }
}
