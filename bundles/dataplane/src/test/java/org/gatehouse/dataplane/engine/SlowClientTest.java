package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 * Slow clients over loopback: a head trickled a line at a time, a connection that sends nothing
 * and a body that stops are answered 408 and closed long before the client idle timeout (60 s
 * here), counted per listener, while a normal client on another connection is served throughout.
 */
@ExtendWith(LeakDetectionExtension.class)
class SlowClientTest {
    @TempDir
    Path conf;

    private DataPlaneHarness plane;
    private RawRecordingUpstream upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        upstream = new RawRecordingUpstream();
        plane = new DataPlaneHarness(conf);
        plane.start("  <limits client-idle-timeout=\"60s\" request-head-timeout=\"1s\" request-body-idle-timeout=\"1s\"/>\n"
                + DataPlaneHarness.passThrough(upstream.port()));
    }

    @AfterEach
    void stop() throws IOException {
        plane.close();
        upstream.close();
    }

    @Test
    void aTrickledHeadIs408AndTheConnectionClosedWhileOthersAreServed() throws Exception {
        try (Socket slow = connect()) {
            OutputStream out = slow.getOutputStream();
            out.write("GET /slow HTTP/1.1\r\nHost: a.example\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = null;
            for (int i = 0; i < 40 && answer == null; i++) {
                assertEquals(200, normalRequest().statusCode(), "a normal client is served while the slow one trickles");
                answer = trickle(slow, "X-Slow-" + i + ": 1\r\n");
            }
            assertTrue(answer != null && answer.startsWith("HTTP/1.1 408 "), "answer: " + answer);
            assertTrue(answer.contains("\"code\":\"request_timeout\""), answer);
            assertTrue(closed(slow.getInputStream()), "the slow connection is closed");
        }
        assertEquals(Map.of("public", Map.of("request_timeout", 1L)), plane.engine().refusedRequests());
        assertTrue(upstream.received().stream().noneMatch(r -> r.requestLine().contains("/slow")), "nothing of it reached the upstream");
    }

    @Test
    void aConnectionThatSendsNothingIs408() throws Exception {
        try (Socket idle = connect()) {
            String answer = new String(idle.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
        Await.until(Duration.ofSeconds(5), "the timeout counted",
                () -> Map.of("public", Map.of("request_timeout", 1L)).equals(plane.engine().refusedRequests()));
    }

    @Test
    void aBodyThatStopsIsCutOffUpstreamAndAnswered408() throws Exception {
        try (Socket stalled = connect()) {
            stalled.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: a.example\r\nContent-Length: 100\r\n\r\n" + "x".repeat(10))
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
        Await.until(Duration.ofSeconds(5), "the upstream saw its request end", () -> upstream.received().size() == 1);
        assertEquals("POST /upload HTTP/1.1", upstream.received().get(0).requestLine());
        assertTrue(!upstream.received().get(0).complete(), "the upstream never got the rest of the body");
    }

    /** Each piece is read while the proxy asks for the next: the wait for the last one counts all the same. */
    @Test
    void aBodyThatStopsAfterSomeProgressIsCutOff() throws Exception {
        try (Socket stalled = connect()) {
            OutputStream out = stalled.getOutputStream();
            out.write("POST /upload HTTP/1.1\r\nHost: a.example\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(300);
                out.write("x".repeat(10).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
        Await.until(Duration.ofSeconds(5), "the upstream saw its request end", () -> upstream.received().size() == 1);
        assertTrue(!upstream.received().get(0).complete(), "the upstream never got the rest of the body");
        assertEquals(Map.of("public", Map.of("request_timeout", 1L)), plane.engine().refusedRequests());
    }

    @Test
    void aSlowButSteadyBodyIsServed() throws Exception {
        try (Socket steady = connect()) {
            OutputStream out = steady.getOutputStream();
            out.write("POST /upload HTTP/1.1\r\nHost: a.example\r\nContent-Length: 6\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 6; i++) {
                Thread.sleep(300); // each pause within the 1 s idle bound, the whole body well past it
                out.write('x');
                out.flush();
            }
            steady.setSoTimeout(10000);
            byte[] head = steady.getInputStream().readNBytes(15);
            assertEquals("HTTP/1.1 200 OK", new String(head, StandardCharsets.ISO_8859_1));
        }
    }

    /** The guard holds the first piece to tell HTTP/2 from HTTP/1.1, and must ask for the rest itself. */
    @Test
    void anHttp2PrefaceInTwoPiecesIsReadToItsEnd() throws Exception {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (Socket h2c = connect()) {
            OutputStream out = h2c.getOutputStream();
            out.write(preface, 0, 10);
            out.flush();
            Thread.sleep(100); // the rest comes long before the 1 s head deadline
            out.write(preface, 10, preface.length - 10);
            out.write(new byte[] {0, 0, 0, 0x4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            long sent = System.nanoTime();
            byte[] frameHeader = h2c.getInputStream().readNBytes(9);
            assertEquals(0x4, frameHeader[3], "the element's SETTINGS (RFC 9113 section 3.4)");
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(tookMillis < 500, "answered at once, not near the deadline: " + tookMillis + " ms");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", plane.address("public").getPort());
        socket.setSoTimeout(15000);
        return socket;
    }

    private HttpResponse<String> normalRequest() throws Exception {
        return http.send(HttpRequest.newBuilder(plane.uri("public", "/normal")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes one more header line after a pause; returns the element's answer once one came, else null. */
    private static String trickle(Socket socket, String line) throws Exception {
        Thread.sleep(200);
        try {
            socket.getOutputStream().write(line.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (SocketException e) {
            // closed after the answer: read it below
        }
        InputStream in = socket.getInputStream();
        if (in.available() == 0) {
            return null;
        }
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // the element closes after its answer
    }

    private static boolean closed(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the rest of the answer
            }
            return true;
        } catch (SocketException e) {
            return true;
        }
    }
}
