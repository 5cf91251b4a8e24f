package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that keeps connections alive but drops each one when its second request arrives,
 * the race every keep-alive proxy meets. A body-less idempotent request is sent again on a fresh
 * connection; a request with a body is not, and gets a 502.
 */
class StaleConnectionTest {
    @TempDir
    Path conf;

    private ServerSocket upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger answered = new AtomicInteger();
    private DataPlaneHarness plane;

    @BeforeEach
    void setUp() throws Exception {
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
        plane = new DataPlaneHarness(conf);
        plane.start(DataPlaneHarness.passThrough(upstream.getLocalPort()));
    }

    @AfterEach
    void tearDown() throws IOException {
        plane.close();
        upstream.close();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!upstream.isClosed()) {
            try {
                Socket socket = upstream.accept();
                threads.execute(() -> answerOnceThenDrop(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answerOnceThenDrop(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            int length = readHead(in);
            in.skip(length);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Answer: " + answered.incrementAndGet() + "\r\n\r\nok")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            readHead(in); // the second request on this connection is never answered
        } catch (IOException e) {
            // the proxy went away
        }
    }

    private static int readHead(BufferedReader in) throws IOException {
        int length = 0;
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return length;
    }

    @Test
    void bodylessIdempotentRequestIsSentAgainOnAFreshConnection() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            assertEquals(200, client.exchange("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n").status());
            RawHttpConnection.Response second = client.exchange("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, second.status());
            assertEquals("2", second.header("X-Answer"), "answered on a second upstream connection");
        }
    }

    @Test
    void requestWithABodyIsNotSentTwice() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            assertEquals(200, client.exchange("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n").status());
            RawHttpConnection.Response post = client.exchange("POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals(502, post.status());
            assertTrue(post.body().contains("\"code\":\"upstream_closed\""), post.body());
            assertFalse(post.body().contains("127.0.0.1"), "the client does not learn the upstream's address: " + post.body());
        }
        assertEquals(1, answered.get());
    }
}
