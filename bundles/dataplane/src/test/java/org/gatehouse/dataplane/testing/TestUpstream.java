package org.gatehouse.dataplane.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 upstream on loopback (the JDK's server) for proxy tests. Every answer carries
 * {@code X-Upstream: <name>}. Paths: {@code /slow/<ms>} waits before answering,
 * {@code /download/<bytes>} streams that many bytes, {@code /chunked} answers with a body of
 * unknown length, {@code /healthz} answers the status set by
 * {@link #healthStatus(int)}; anything else answers {@code <name> <method> <path> <body bytes>}.
 * Each request's headers and the proxy-side port are recorded.
 */
public final class TestUpstream implements AutoCloseable {
    /** One request as the upstream saw it. */
    public record Seen(String method, String path, Map<String, List<String>> headers, int remotePort, long bodyBytes) {
        /** The first value of a header, names compared without case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger health = new AtomicInteger(200);

    public TestUpstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    /** Requests seen so far, health checks excluded. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public void healthStatus(int status) {
        health.set(status);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            long bodyBytes = drain(exchange.getRequestBody());
            exchange.getResponseHeaders().set("X-Upstream", name);
            if (path.equals("/healthz")) {
                exchange.sendResponseHeaders(health.get(), -1);
                return;
            }
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), lowerCase(exchange.getRequestHeaders()),
                    exchange.getRemoteAddress().getPort(), bodyBytes));
            if (path.startsWith("/slow/")) {
                sleep(Long.parseLong(path.substring("/slow/".length())));
            }
            if (path.startsWith("/chunked")) {
                exchange.sendResponseHeaders(200, 0); // 0: length unknown, sent chunked
                exchange.getResponseBody().write("first part, ".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                exchange.getResponseBody().write("second part".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith("/download/")) {
                stream(exchange, Long.parseLong(path.substring("/download/".length())));
                return;
            }
            byte[] body = (name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + bodyBytes)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().set("Connection", "keep-alive, X-Upstream-Hop");
            exchange.getResponseHeaders().set("X-Upstream-Hop", "must not reach the client");
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=30");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void stream(HttpExchange exchange, long total) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, total);
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        OutputStream out = exchange.getResponseBody();
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            left -= n;
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
        }
        return total;
    }

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        return copy;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URI of a path on this upstream, bypassing the proxy. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
