package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LeakDetectionExtension;
import org.gatehouse.dataplane.testing.RawRecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request corpus's bypass spellings over HTTP/2 (h2c prior knowledge): {@code :path} and
 * {@code :authority} go through the same normalization and the same message processor as
 * HTTP/1.1 targets and Host, so every spelling of the protected path or host is refused by the
 * flow (401) or as malformed (400), nothing of it reaches the upstream, and a legitimate request
 * arrives normalized.
 */
@ExtendWith(LeakDetectionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2RequestViewTest {
    @TempDir
    static Path conf;

    private DataPlaneHarness plane;
    private RawRecordingUpstream upstream;

    @BeforeAll
    void start() throws Exception {
        upstream = new RawRecordingUpstream();
        plane = new DataPlaneHarness(conf);
        plane.start(DataPlaneHarness.passThrough(upstream.port()), () -> RequestCorpusTest.PROTECTED);
    }

    @AfterAll
    void stop() throws IOException {
        plane.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/raw/secure/x", "/raw/open/../secure/x", "/raw/%73ecure/x", "/raw//secure/x", "/raw/./secure/x",
        "/raw/open/%2e%2e/secure/x", "/raw/open/%2E%2E/secure/x"})
    void everySpellingOfTheProtectedPathIsTheProtectedPath(String path) throws Exception {
        assertRefused(request(path, "127.0.0.1"), "401");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"admin.example", "ADMIN.Example", "admin.example.", "admin.example:80"})
    void everySpellingOfTheProtectedAuthorityIsTheProtectedHost(String authority) throws Exception {
        assertRefused(request("/raw/x", authority), "401");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/raw/..%2fsecure/x", "/raw/%00/x", "/raw/;a=b/x", "/raw/../../x", "/raw/%C0%AE%C0%AE/secure/x"})
    void malformedPathsAreRefused(String path) throws Exception {
        assertRefused(request(path, "127.0.0.1"), "400");
    }

    /**
     * A request whose {@code host} differs from {@code :authority} is malformed (RFC 9113 section
     * 8.3.1), a stream error: the stream is reset, or answered 400; never forwarded.
     */
    @Test
    void aHostHeaderThatDiffersFromTheAuthorityIsRefused() throws Exception {
        Http2Headers headers = request("/raw/x", "127.0.0.1");
        headers.add("host", "admin.example");
        int before = upstream.received().size();

        try (H2PriorKnowledgeClient client = new H2PriorKnowledgeClient(plane.address("public"))) {
            H2PriorKnowledgeClient.Answer answer = client.send(headers);
            assertEquals("400", answer.status(), answer.body());
        } catch (java.util.concurrent.ExecutionException reset) {
            assertTrue(String.valueOf(reset.getCause().getMessage()).contains("stream closed"), reset.toString());
        }
        assertEquals(before, upstream.received().size(), "nothing reached the upstream");
    }

    @Test
    void aLegitimateRequestArrivesNormalized() throws Exception {
        int before = upstream.received().size();
        try (H2PriorKnowledgeClient client = new H2PriorKnowledgeClient(plane.address("public"))) {
            H2PriorKnowledgeClient.Answer answer = client.send(request("/raw/open/./a/../b?q=%7e", "a.example"));
            assertEquals("200", answer.status(), answer.body());
        }
        List<RawRecordingUpstream.Received> received = upstream.received();
        assertEquals(before + 1, received.size());
        assertEquals("GET /raw/open/b?q=~ HTTP/1.1", received.get(before).requestLine());
        assertEquals("a.example", received.get(before).header("Host"));
    }

    private static Http2Headers request(String path, String authority) {
        return new DefaultHttp2Headers(false).method("GET").scheme("http").path(path).authority(authority);
    }

    private void assertRefused(Http2Headers headers, String status) throws Exception {
        int before = upstream.received().size();
        try (H2PriorKnowledgeClient client = new H2PriorKnowledgeClient(plane.address("public"))) {
            H2PriorKnowledgeClient.Answer answer = client.send(headers);
            assertEquals(status, answer.status(), headers + ": " + answer.body());
        }
        assertTrue(upstream.received().size() == before, "nothing reached the upstream: " + upstream.received());
    }
}
