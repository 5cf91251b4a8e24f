package org.gatehouse.dataplane.engine;

import static org.gatehouse.dataplane.engine.RawH2Connection.DATA;
import static org.gatehouse.dataplane.engine.RawH2Connection.END_HEADERS;
import static org.gatehouse.dataplane.engine.RawH2Connection.END_STREAM;
import static org.gatehouse.dataplane.engine.RawH2Connection.GOAWAY;
import static org.gatehouse.dataplane.engine.RawH2Connection.HEADERS;
import static org.gatehouse.dataplane.engine.RawH2Connection.RST_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.engine.RawH2Connection.Frame;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LeakDetectionExtension;
import org.gatehouse.dataplane.testing.RawRecordingUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow HTTP/2 clients over loopback, in frames written by hand, with 1 s deadlines and a 60 s
 * client idle timeout: a header block that stops half way is reset and its connection sent away
 * (also after {@code Upgrade: h2c}), a body that stops is answered 408 (or only reset, once the
 * response started) and cut off upstream, and a connection that sends only its preface is sent
 * away, each within a few seconds and counted as {@code h2_request_timeout}. A normal client and a
 * slow but steady upload on other connections are served throughout, and time the element spends
 * connecting upstream is not the client's.
 */
@ExtendWith(LeakDetectionExtension.class)
class Http2SlowClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    /** Far less than the 60 s client idle timeout, with room for a loaded build machine. */
    private static final Duration WELL_BEFORE_IDLE = Duration.ofSeconds(8);
    private static final String LIMITS =
            "  <limits client-idle-timeout=\"60s\" request-head-timeout=\"1s\" request-body-idle-timeout=\"1s\"/>\n";

    @TempDir
    Path conf;

    private DataPlaneHarness plane;
    private RawRecordingUpstream upstream;

    @BeforeEach
    void start() throws Exception {
        upstream = new RawRecordingUpstream();
        plane = new DataPlaneHarness(conf);
        plane.start(LIMITS + DataPlaneHarness.passThrough(upstream.port()));
    }

    @AfterEach
    void stop() throws IOException {
        plane.close();
        upstream.close();
    }

    @Test
    void aHeaderBlockThatStopsIsResetAndItsConnectionSentAwayWhileOthersAreServed() throws Exception {
        try (RawH2Connection stalled = new RawH2Connection(plane.address("public")).preface();
             H2PriorKnowledgeClient normal = new H2PriorKnowledgeClient(plane.address("public"))) {
            byte[] block = stalled.block(request("POST", "/stalled-head"));
            long sent = System.nanoTime();
            // the first half of the block, without END_HEADERS: a CONTINUATION must follow, and never does
            stalled.write(HEADERS, 0, 1, Arrays.copyOf(block, block.length / 2));
            for (int i = 0; i < 4; i++) {
                assertEquals("200", normal.get("/normal").status(), "a normal client is served while the block is open");
                Thread.sleep(200);
            }
            List<Frame> frames = readToEnd(stalled);
            Duration took = Duration.ofNanos(System.nanoTime() - sent);

            Frame reset = only(frames, RST_STREAM);
            assertEquals(1, reset.stream());
            assertEquals(Http2Error.REFUSED_STREAM.code(), reset.resetCode(), "nothing of the stream was processed");
            Frame goAway = only(frames, GOAWAY);
            assertEquals(0, goAway.lastStream(), "no stream was taken");
            assertEquals(Http2Error.NO_ERROR.code(), goAway.goAwayCode());
            assertTrue(frames.indexOf(reset) < frames.indexOf(goAway), "reset, then GOAWAY: " + frames);
            assertWithinDeadline(took);
        }
        assertEquals(Map.of("public", Map.of("h2_request_timeout", 1L)), plane.engine().refusedRequests());
        assertTrue(upstream.received().stream().noneMatch(r -> r.target().equals("/stalled-head")), "nothing reached the upstream");
    }

    @Test
    void aBodyThatStopsIs408ResetAndCutOffUpstream() throws Exception {
        long sent;
        List<Frame> frames;
        try (RawH2Connection stalled = new RawH2Connection(plane.address("public")).preface()) {
            stalled.write(HEADERS, END_HEADERS, 1, stalled.block(request("POST", "/upload").setInt("content-length", 100)));
            stalled.write(DATA, 0, 1, "x".repeat(10).getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300);
            stalled.write(DATA, 0, 1, "x".repeat(10).getBytes(StandardCharsets.US_ASCII));
            sent = System.nanoTime();
            frames = readToEnd(stalled);
            Duration took = Duration.ofNanos(System.nanoTime() - sent);

            Frame head = frames.stream().filter(f -> f.type() == HEADERS && f.stream() == 1).findFirst().orElseThrow();
            assertEquals("408", stalled.headers(head).status().toString());
            String body = frames.stream().filter(f -> f.type() == DATA && f.stream() == 1)
                    .map(f -> new String(f.payload(), StandardCharsets.UTF_8)).reduce("", String::concat);
            assertTrue(body.contains("\"code\":\"request_timeout\""), body);
            Frame reset = only(frames, RST_STREAM);
            assertEquals(1, reset.stream(), "the stream is reset after its answer");
            assertEquals(Http2Error.CANCEL.code(), reset.resetCode());
            Frame goAway = only(frames, GOAWAY);
            assertEquals(1, goAway.lastStream());
            assertEquals(Http2Error.NO_ERROR.code(), goAway.goAwayCode());
            assertWithinDeadline(took);
        }
        Await.until(Duration.ofSeconds(5), "the upstream saw its request end", () -> upstream.received().size() == 1);
        assertEquals("POST /upload HTTP/1.1", upstream.received().get(0).requestLine());
        assertTrue(!upstream.received().get(0).complete(), "the upstream never got the rest of the body");
        assertEquals(Map.of("public", Map.of("h2_request_timeout", 1L)), plane.engine().refusedRequests());
        assertEquals(Map.of("all", Map.of("aborted", 1L)), plane.engine().upstreamOutcomes());
    }

    @Test
    void aBodyThatStopsAfterTheResponseStartedIsResetWithoutA408() throws Exception {
        try (EarlyAnsweringUpstream early = new EarlyAnsweringUpstream()) {
            plane.close();
            plane = new DataPlaneHarness(conf);
            plane.start(LIMITS + DataPlaneHarness.passThrough(early.port()));
            try (RawH2Connection stalled = new RawH2Connection(plane.address("public")).preface()) {
                stalled.write(HEADERS, END_HEADERS, 1, stalled.block(request("POST", "/early")));
                stalled.write(DATA, 0, 1, "abc".getBytes(StandardCharsets.US_ASCII));
                List<Frame> frames = readToEnd(stalled);

                Frame head = frames.stream().filter(f -> f.type() == HEADERS && f.stream() == 1).findFirst().orElseThrow();
                assertEquals("200", stalled.headers(head).status().toString(), "the upstream's answer, not a 408");
                Frame reset = only(frames, RST_STREAM);
                assertEquals(1, reset.stream());
                assertEquals(Http2Error.CANCEL.code(), reset.resetCode());
                assertTrue(frames.stream().noneMatch(f -> f.type() == DATA && (f.flags() & END_STREAM) != 0),
                        "the response is not ended as if complete: " + frames);
                assertEquals(1, only(frames, GOAWAY).lastStream());
            }
            assertEquals("abc", early.body(Duration.ofSeconds(5)), "the upstream got what came, and no end of the body");
        }
        assertEquals(Map.of("public", Map.of("h2_request_timeout", 1L)), plane.engine().refusedRequests());
        assertEquals(Map.of("all", Map.of("aborted", 1L)), plane.engine().upstreamOutcomes());
    }

    /**
     * While the element connects to a member that never accepts (a full accept queue, as in
     * {@code ConnectTimeoutTest}) it reads no body: the client's silence then is not held against it.
     */
    @Test
    void timeTheElementSpendsConnectingIsNotTheClients() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    fillers.add(filler);
                } catch (IOException queueFull) {
                    filler.close();
                    break;
                }
            }
            plane.close();
            plane = new DataPlaneHarness(conf);
            plane.start(LIMITS + "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <pool name=\"stuck\" connect-timeout=\"2500ms\"><member address=\"127.0.0.1\" port=\"" + full.getLocalPort()
                    + "\"/></pool>\n  <route name=\"stuck\" pool=\"stuck\"/>\n");
            try (RawH2Connection waiting = new RawH2Connection(plane.address("public")).preface()) {
                waiting.write(HEADERS, END_HEADERS, 1, waiting.block(request("POST", "/upload").setInt("content-length", 100)));
                waiting.write(DATA, 0, 1, "x".repeat(10).getBytes(StandardCharsets.US_ASCII));
                List<Frame> frames = readUntilAnswer(waiting, 1);
                Frame head = frames.get(frames.size() - 1);
                assertEquals("502", waiting.headers(head).status().toString(), "the connect timed out, not the client");
                assertTrue(frames.stream().noneMatch(f -> f.type() == GOAWAY), "the connection goes on: " + frames);
            }
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
        assertEquals(Map.of(), plane.engine().refusedRequests());
    }

    @Test
    void aConnectionThatSendsOnlyItsPrefaceIsSentAway() throws Exception {
        try (RawH2Connection idle = new RawH2Connection(plane.address("public")).preface()) {
            long sent = System.nanoTime();
            List<Frame> frames = readToEnd(idle);
            Duration took = Duration.ofNanos(System.nanoTime() - sent);

            Frame goAway = only(frames, GOAWAY);
            assertEquals(0, goAway.lastStream());
            assertEquals(Http2Error.NO_ERROR.code(), goAway.goAwayCode());
            assertTrue(frames.stream().noneMatch(f -> f.type() == RST_STREAM), "no stream to reset: " + frames);
            assertWithinDeadline(took);
        }
        assertEquals(Map.of("public", Map.of("h2_request_timeout", 1L)), plane.engine().refusedRequests());
    }

    @Test
    void aHeaderBlockThatStopsAfterAnH2cUpgradeIsResetToo() throws Exception {
        try (RawH2Connection upgraded = new RawH2Connection(plane.address("public"))) {
            assertEquals("HTTP/1.1 101 Switching Protocols", upgraded.upgrade("/upgraded"));
            upgraded.preface();
            byte[] block = upgraded.block(request("GET", "/after-upgrade"));
            long sent = System.nanoTime();
            upgraded.write(HEADERS, 0, 3, Arrays.copyOf(block, 3));
            List<Frame> frames = readToEnd(upgraded);
            Duration took = Duration.ofNanos(System.nanoTime() - sent);

            assertTrue(frames.stream().anyMatch(f -> f.type() == HEADERS && f.stream() == 1), "the upgrade request was answered");
            Frame reset = only(frames, RST_STREAM);
            assertEquals(3, reset.stream());
            assertEquals(Http2Error.REFUSED_STREAM.code(), reset.resetCode());
            assertEquals(1, only(frames, GOAWAY).lastStream());
            assertWithinDeadline(took);
        }
        assertEquals(Map.of("public", Map.of("h2_request_timeout", 1L)), plane.engine().refusedRequests());
        assertTrue(upstream.received().stream().anyMatch(r -> r.target().equals("/upgraded")), "the upgrade request was forwarded");
        assertTrue(upstream.received().stream().noneMatch(r -> r.target().equals("/after-upgrade")), "nothing of stream 3 went upstream");
    }

    @Test
    void aNormalClientAndASlowButSteadyUploadAreServedTogether() throws Exception {
        CompletableFuture<String> upload = CompletableFuture.supplyAsync(this::steadyUpload);
        try (H2PriorKnowledgeClient normal = new H2PriorKnowledgeClient(plane.address("public"))) {
            while (!upload.isDone()) {
                assertEquals("200", normal.get("/normal").status(), "a normal client is served while the upload trickles");
                Thread.sleep(100);
            }
        }
        assertEquals("200", upload.get(1, TimeUnit.SECONDS));
        assertTrue(upstream.received().stream().anyMatch(r -> r.target().equals("/steady") && r.complete()),
                "the upstream got the whole body: " + upstream.received());
        assertEquals(Map.of(), plane.engine().refusedRequests());
    }

    /**
     * Six body bytes, one every 300 ms (each pause within the 1 s idle bound, the whole body well
     * past it), after a preface and a HEADERS frame each split in two; returns the status.
     */
    private String steadyUpload() {
        try (RawH2Connection steady = new RawH2Connection(plane.address("public"))) {
            steady.writeRaw(Arrays.copyOf(RawH2Connection.PREFACE, 10));
            Thread.sleep(300);
            steady.writeRaw(Arrays.copyOfRange(RawH2Connection.PREFACE, 10, RawH2Connection.PREFACE.length));
            steady.write(RawH2Connection.SETTINGS, 0, 0, new byte[0]);
            byte[] headers = RawH2Connection.frame(HEADERS, END_HEADERS, 1, steady.block(request("POST", "/steady").setInt("content-length", 6)));
            steady.writeRaw(Arrays.copyOf(headers, 4));
            Thread.sleep(300);
            steady.writeRaw(Arrays.copyOfRange(headers, 4, headers.length));
            for (int i = 0; i < 6; i++) {
                Thread.sleep(300);
                steady.write(DATA, i == 5 ? END_STREAM : 0, 1, new byte[] {'x'});
            }
            for (Frame frame = steady.read(); frame != null; frame = steady.read()) {
                assertTrue(frame.type() != GOAWAY && frame.type() != RST_STREAM, "a steady upload is not refused: " + frame);
                if (frame.type() == HEADERS && frame.stream() == 1) {
                    return steady.headers(frame).status().toString();
                }
            }
            return "closed";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Http2Headers request(String method, String path) {
        return new DefaultHttp2Headers().method(method).scheme("http").path(path).authority("a.example");
    }

    /** Frames until the element closes the connection. */
    private static List<Frame> readToEnd(RawH2Connection connection) throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Frame frame = connection.read(); frame != null; frame = connection.read()) {
            frames.add(frame);
        }
        return frames;
    }

    /** Frames until the answer's HEADERS on {@code stream}, which comes last. */
    private static List<Frame> readUntilAnswer(RawH2Connection connection, int stream) throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Frame frame = connection.read(); frame != null; frame = connection.read()) {
            frames.add(frame);
            if (frame.type() == HEADERS && frame.stream() == stream) {
                return frames;
            }
        }
        throw new AssertionError("the connection ended without an answer on stream " + stream + ": " + frames);
    }

    private static Frame only(List<Frame> frames, int type) {
        List<Frame> found = frames.stream().filter(f -> f.type() == type).toList();
        assertEquals(1, found.size(), "one frame of type " + type + " in " + frames);
        return found.get(0);
    }

    private static void assertWithinDeadline(Duration took) {
        assertTrue(took.compareTo(DEADLINE.minusMillis(100)) >= 0, "not before the deadline: " + took);
        assertTrue(took.compareTo(WELL_BEFORE_IDLE) < 0, "well before the idle timeout: " + took);
    }

    /**
     * An upstream that answers the first request's head at once (200, one chunk, the response left
     * open) and then reads the chunked request body until the element closes the connection.
     */
    private static final class EarlyAnsweringUpstream implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CompletableFuture<String> body = new CompletableFuture<>();

        EarlyAnsweringUpstream() throws IOException {
            Thread serving = new Thread(this::serve, "early-upstream");
            serving.setDaemon(true);
            serving.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                String head = "";
                while (!head.endsWith("\r\n\r\n")) {
                    head += (char) in.read();
                }
                socket.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                // the chunked request body as it came, until the connection ends
                body.complete(dechunk(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                body.completeExceptionally(e);
            }
        }

        /** The chunks' data; "(complete)" appended when the last chunk came. */
        private static String dechunk(String chunked) {
            StringBuilder data = new StringBuilder();
            int at = 0;
            while (at < chunked.length()) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd), 16);
                if (size == 0) {
                    return data + "(complete)";
                }
                data.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            return data.toString();
        }

        String body(Duration wait) throws Exception {
            return body.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
