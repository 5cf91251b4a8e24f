package org.gatehouse.itest.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) that plays the upstream
 * behind the element. What it does depends on the request path:
 * <ul>
 *   <li>{@code /slow/...?ms=N}: answers after N milliseconds (default 5000), for response timeouts;</li>
 *   <li>{@code /upload/ID}: reads the body as a stream and answers {@code sha256=<hex> length=<n>};
 *       {@code /progress/ID} tells how many bytes of that upload have arrived so far;</li>
 *   <li>{@code /download/ID?size=N&pause-at=M}: streams N {@link PatternBytes}, stopping after M
 *       of them until {@code /release/ID} is called (or 30 s pass), which answers {@code paused}
 *       when the stream was indeed waiting;</li>
 *   <li>anything else: an echo of method, path, selected headers and body length, one
 *       {@code key=value} per line.</li>
 * </ul>
 * Every answer carries {@code X-Upstream: <name>} so a test can tell upstreams apart.
 *
 * <pre>{@code
 * try (LoopbackUpstream upstream = LoopbackUpstream.start("blue")) { ... upstream.port() ... }
 * }</pre>
 */
public final class LoopbackUpstream implements AutoCloseable {

    private static final long PAUSE_LIMIT_SECONDS = 30;

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "itest-upstream");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicLong> uploadProgress = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> downloadPauses = new ConcurrentHashMap<>();

    private LoopbackUpstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an upstream named {@code name} on an ephemeral loopback port. */
    public static LoopbackUpstream start(String name) {
        try {
            return new LoopbackUpstream(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start upstream " + name, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        downloadPauses.values().forEach(CountDownLatch::countDown);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().add("X-Upstream", name);
            if (path.startsWith("/slow")) {
                slow(exchange);
            } else if (path.startsWith("/upload/")) {
                upload(exchange, path.substring("/upload/".length()));
            } else if (path.startsWith("/progress/")) {
                AtomicLong received = uploadProgress.get(path.substring("/progress/".length()));
                text(exchange, 200, String.valueOf(received == null ? 0 : received.get()));
            } else if (path.startsWith("/download/")) {
                download(exchange, path.substring("/download/".length()));
            } else if (path.startsWith("/release/")) {
                release(exchange, path.substring("/release/".length()));
            } else {
                echo(exchange);
            }
        }
    }

    private void slow(HttpExchange exchange) throws IOException {
        long millis = queryLong(exchange.getRequestURI(), "ms", 5000);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        text(exchange, 200, "slow answer after " + millis + " ms\n");
    }

    private void upload(HttpExchange exchange, String id) throws IOException {
        AtomicLong received = uploadProgress.computeIfAbsent(id, key -> new AtomicLong());
        MessageDigest digest = PatternBytes.newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = exchange.getRequestBody()) {
            for (int read; (read = body.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
                received.addAndGet(read);
            }
        }
        text(exchange, 200, "sha256=" + HexFormat.of().formatHex(digest.digest()) + " length=" + received.get() + "\n");
    }

    private void download(HttpExchange exchange, String id) throws IOException {
        long size = queryLong(exchange.getRequestURI(), "size", 1024);
        long pauseAt = queryLong(exchange.getRequestURI(), "pause-at", -1);
        CountDownLatch pause = downloadPauses.computeIfAbsent(id, key -> new CountDownLatch(1));
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, size);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (long done = 0; done < size; ) {
                int chunk = (int) Math.min(buffer.length, size - done);
                if (pauseAt >= 0 && done < pauseAt && done + chunk > pauseAt) {
                    chunk = (int) (pauseAt - done);
                }
                PatternBytes.fill(buffer, chunk, done);
                out.write(buffer, 0, chunk);
                done += chunk;
                if (done == pauseAt) {
                    out.flush();
                    awaitRelease(pause);
                }
            }
        } finally {
            downloadPauses.remove(id);
        }
    }

    private static void awaitRelease(CountDownLatch pause) {
        try {
            pause.await(PAUSE_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release(HttpExchange exchange, String id) throws IOException {
        CountDownLatch pause = downloadPauses.get(id);
        boolean waiting = pause != null && pause.getCount() > 0;
        if (pause != null) {
            pause.countDown();
        }
        text(exchange, 200, waiting ? "paused" : "not-paused");
    }

    private void echo(HttpExchange exchange) throws IOException {
        long bodyLength;
        try (InputStream body = exchange.getRequestBody()) {
            bodyLength = body.transferTo(OutputStream.nullOutputStream());
        }
        StringBuilder answer = new StringBuilder()
                .append("upstream=").append(name).append('\n')
                .append("method=").append(exchange.getRequestMethod()).append('\n')
                .append("path=").append(exchange.getRequestURI()).append('\n')
                .append("body-length=").append(bodyLength).append('\n');
        for (String header : new String[] {"Host", "Via", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Connection"}) {
            String value = exchange.getRequestHeaders().getFirst(header);
            answer.append(header.toLowerCase()).append('=').append(value == null ? "" : value).append('\n');
        }
        text(exchange, 200, answer.toString());
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long queryLong(URI uri, String key, long fallback) {
        String query = uri.getRawQuery();
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(key)) {
                return Long.parseLong(pair.substring(equals + 1));
            }
        }
        return fallback;
    }
}
