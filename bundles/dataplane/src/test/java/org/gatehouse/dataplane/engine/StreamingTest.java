package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 MiB bodies through the proxy both ways, watching Netty's allocator: a proxy that buffered
 * a whole body would hold at least 64 MiB of buffers at some point.
 */
class StreamingTest {
    private static final long BODY = 64L * 1024 * 1024;
    private static final long BOUND = 24L * 1024 * 1024;

    @TempDir
    Path conf;

    private TestUpstream upstream;
    private DataPlaneHarness plane;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        upstream = new TestUpstream("a");
        plane = new DataPlaneHarness(conf);
        plane.start(DataPlaneHarness.passThrough(upstream.port()));
    }

    @AfterEach
    void tearDown() {
        plane.close();
        upstream.close();
    }

    @Test
    void largeUploadStreamsWithoutBeingHeld() throws Exception {
        try (AllocatorWatch watch = new AllocatorWatch()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(plane.uri("public", "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(BODY))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("a POST /upload " + BODY, response.body());
            assertTrue(watch.peak() < BOUND, "proxy held " + watch.peak() + " bytes of buffers");
        }
        assertEquals("chunked", upstream.seen().get(0).header("Transfer-Encoding"), "unknown length is sent chunked");
    }

    @Test
    void largeDownloadStreamsWithoutBeingHeld() throws Exception {
        try (AllocatorWatch watch = new AllocatorWatch()) {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(plane.uri("public", "/download/" + BODY)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(String.valueOf(BODY), response.headers().firstValue("content-length").orElse(null));
            assertEquals(BODY, count(response.body()));
            assertTrue(watch.peak() < BOUND, "proxy held " + watch.peak() + " bytes of buffers");
        }
    }

    @Test
    void largeBodiesStreamOverHttp2StreamsToo() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // a first body-less request upgrades the connection to h2c; the large ones then use streams
        assertEquals(HttpClient.Version.HTTP_2, h2.send(HttpRequest.newBuilder(plane.uri("public", "/upgrade")).build(),
                HttpResponse.BodyHandlers.ofString()).version());
        long size = BODY / 2;
        try (AllocatorWatch watch = new AllocatorWatch()) {
            HttpResponse<String> up = h2.send(HttpRequest.newBuilder(plane.uri("public", "/h2-upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(size))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, up.version());
            assertEquals("a POST /h2-upload " + size, up.body());
            HttpResponse<InputStream> down = h2.send(HttpRequest.newBuilder(plane.uri("public", "/download/" + size)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(HttpClient.Version.HTTP_2, down.version());
            assertEquals(size, count(down.body()));
            assertTrue(watch.peak() < BOUND, "proxy held " + watch.peak() + " bytes of buffers");
        }
    }

    @Test
    void slowClientHoldsBackTheUpstream() throws Exception {
        try (AllocatorWatch watch = new AllocatorWatch();
             RawHttpConnection raw = new RawHttpConnection(plane.address("public"))) {
            raw.socket().setReceiveBufferSize(64 * 1024);
            raw.send("GET /download/" + BODY + " HTTP/1.1\r\nHost: a.test\r\n\r\n");
            Thread.sleep(1500); // the client reads nothing while the upstream could send everything
            long peakWhilePaused = watch.peak();
            InputStream in = raw.input();
            long total = 0;
            byte[] buffer = new byte[256 * 1024];
            int n;
            // skip the response head, then count the body
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            while (total < BODY && (n = in.read(buffer)) > 0) {
                total += n;
            }
            assertEquals(BODY, total);
            assertTrue(peakWhilePaused < BOUND, "proxy held " + peakWhilePaused + " bytes while the client paused");
        }
    }

    private static long count(InputStream in) throws Exception {
        try (in) {
            long total = 0;
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
            return total;
        }
    }

    /** An input stream of {@code size} generated bytes, so the test holds no body either. */
    private static final class GeneratedStream extends InputStream {
        private long left;

        GeneratedStream(long size) {
            left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 'x' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
        }
    }

    /** Samples the memory Netty's default allocator has handed out, every few milliseconds. */
    private static final class AllocatorWatch implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        AllocatorWatch() {
            ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            long baseline = metric.usedDirectMemory() + metric.usedHeapMemory();
            sampler = new Thread(() -> {
                while (running.get()) {
                    long used = metric.usedDirectMemory() + metric.usedHeapMemory() - baseline;
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "allocator-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** The highest use seen; positive, or the watch saw nothing and proves nothing. */
        long peak() {
            long seen = peak.get();
            assertTrue(seen > 0, "the allocator metric saw no buffers at all");
            return seen;
        }

        @Override
        public void close() {
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
