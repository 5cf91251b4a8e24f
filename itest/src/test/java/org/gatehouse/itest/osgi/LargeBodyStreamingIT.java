package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.LoopbackUpstream;
import org.gatehouse.itest.support.PatternBytes;
import org.gatehouse.itest.support.TestClients;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A 64 MiB body crosses the element in each direction intact (SHA-256 compared end to end) and
 * streamed: the far side sees the first part while the near side still holds the rest back, which
 * could not happen if the element buffered the whole body.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LargeBodyStreamingIT extends GatehouseFrameworkTestBase {

    private static final long SIZE = 64L << 20;
    /** How much must reach the far side while the near side still holds back the rest. */
    private static final long SEEN_EARLY = 16L << 20;
    /** Where the near side stops until the far side has seen {@link #SEEN_EARLY}. */
    private static final long HOLD_AT = 48L << 20;

    private static LoopbackUpstream upstream;

    @Configuration
    public Option[] configuration() {
        upstream = LoopbackUpstream.start("bulk");
        Path conf = newConfDir();
        new ElementXml()
                .listener("web", "http", 0)
                .pool("bulk", "60s", upstream.port())
                .route("all", "/", "bulk")
                .writeTo(conf);
        return gatehouseFramework(conf, Map.of("itest.upstream.port", String.valueOf(upstream.port())));
    }

    private URI element(String path) {
        return URI.create("http://127.0.0.1:" + listenerPort("web") + path);
    }

    private URI upstreamDirectly(String path) {
        return URI.create("http://127.0.0.1:" + requiredProperty("itest.upstream.port") + path);
    }

    @Test
    public void uploadIsStreamedToTheUpstreamIntact() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(element("/upload/" + id))
                .timeout(PATIENCE.multipliedBy(4))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new HoldingStream(id)))
                .build();

        HttpResponse<String> response = TestClients.http1().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals("what the upstream received, hashed",
                "sha256=" + PatternBytes.sha256(SIZE) + " length=" + SIZE + "\n", response.body());
    }

    @Test
    public void downloadIsStreamedToTheClientIntact() throws Exception {
        assertDownloadStreamedIntact(TestClients.http1(), HttpClient.Version.HTTP_1_1);
    }

    @Test
    public void downloadOverHttp2IsStreamedToTheClientIntact() throws Exception {
        HttpClient client = TestClients.http2();
        get(client, element("/warm-up")); // the h2c upgrade happens on a request without a body
        assertDownloadStreamedIntact(client, HttpClient.Version.HTTP_2);
    }

    private void assertDownloadStreamedIntact(HttpClient client, HttpClient.Version version) throws Exception {
        String id = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(element("/download/" + id + "?size=" + SIZE + "&pause-at=" + HOLD_AT))
                .timeout(PATIENCE.multipliedBy(4))
                .GET()
                .build();

        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertEquals(version, response.version());
        MessageDigest digest = PatternBytes.newSha256();
        long received = 0;
        String releaseAnswer = null;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int read; (read = body.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
                received += read;
                if (releaseAnswer == null && received >= SEEN_EARLY) {
                    releaseAnswer = get(TestClients.http1(), upstreamDirectly("/release/" + id)).body();
                }
            }
        }
        assertEquals("the client had " + SEEN_EARLY + " bytes while the upstream still held back the rest",
                "paused", releaseAnswer);
        assertEquals(SIZE, received);
        assertEquals(PatternBytes.sha256(SIZE), HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The upload body: produces {@link PatternBytes} and, at {@link #HOLD_AT}, waits until the
     * upstream reports {@link #SEEN_EARLY} bytes received, failing the upload when it never does.
     */
    private final class HoldingStream extends InputStream {
        private final String id;
        private final InputStream bytes = PatternBytes.stream(SIZE);
        private long produced;
        private boolean held;

        HoldingStream(String id) {
            this.id = id;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int count) throws IOException {
            if (!held && produced >= HOLD_AT) {
                awaitUpstreamProgress();
                held = true;
            }
            int limit = held ? count : (int) Math.min(count, HOLD_AT - produced);
            int read = bytes.read(target, offset, Math.max(limit, 1));
            produced += Math.max(read, 0);
            return read;
        }

        private void awaitUpstreamProgress() throws IOException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long seen = 0;
            while (System.nanoTime() < deadline) {
                try {
                    seen = Long.parseLong(get(TestClients.http1(), upstreamDirectly("/progress/" + id)).body().trim());
                    if (seen >= SEEN_EARLY) {
                        return;
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            throw new IOException("the upstream had only " + seen + " bytes after the client sent " + produced
                    + ": the element is not streaming the request body");
        }
    }

    @Test
    public void uploadOverHttp2IsIntact() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(element("/upload/" + id))
                .timeout(PATIENCE.multipliedBy(4))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> PatternBytes.stream(SIZE / 4)))
                .build();
        HttpClient client = TestClients.http2();
        get(client, element("/warm-up"));

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertEquals("sha256=" + PatternBytes.sha256(SIZE / 4) + " length=" + (SIZE / 4) + "\n", response.body());
    }
}
