package org.gatehouse.sample.token.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client against a raw server socket on loopback that answers exactly the bytes each test writes. */
class OneShotHttpClientTest {
    /** Reads the request head and body, then writes the answer (a byte at a time, if asked) and closes; returns the request. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer, long pauseBetweenBytesMillis) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket client = server.accept()) {
                String request = readRequest(client.getInputStream());
                for (byte b : answer.getBytes(StandardCharsets.ISO_8859_1)) {
                    Thread.sleep(pauseBetweenBytesMillis);
                    client.getOutputStream().write(b);
                    client.getOutputStream().flush();
                }
                return request;
            } catch (IOException | InterruptedException e) {
                return "server: " + e;
            }
        });
    }

    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        int length = Integer.parseInt(head.toString().replaceAll("(?s).*Content-Length: ([0-9]+).*", "$1"));
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static OneShotHttpClient.Answer post(ServerSocket server, long timeoutMillis) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/introspect?v=1");
        return OneShotHttpClient.post(uri, List.of("X-Test", "1"), "application/x-www-form-urlencoded",
                "token=abc".getBytes(StandardCharsets.US_ASCII), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    @Test
    void sendsOneClosingPostAndSkipsInterimAnswers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serveOnce(server,
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\nContent-Length: 15\nX-A: 1\nx-a: 2\n\n{\"active\":true}", 0);

            OneShotHttpClient.Answer answer = post(server, 2000);

            assertEquals(200, answer.status());
            assertEquals("{\"active\":true}", answer.text());
            assertEquals(List.of("1", "2"), answer.headers().get("x-a"));
            assertEquals("POST /introspect?v=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\nAccept: application/json\r\n"
                    + "Connection: close\r\nX-Test: 1\r\n\r\ntoken=abc", request.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void anAnswerWithoutLengthIsReadToTheClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.0 200 OK\r\n\r\n{\"active\":false}", 0);
            assertEquals("{\"active\":false}", post(server, 2000).text());
        }
    }

    @Test
    void aTruncatedBodyIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"active\":", 0);
            IOException e = assertThrows(IOException.class, () -> post(server, 2000));
            assertEquals("the connection closed after 10 of 50 body bytes", e.getMessage());
        }
    }

    @Test
    void somethingOtherThanHttpIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "SSH-2.0-OpenSSH_9.2\r\n", 0);
            IOException e = assertThrows(IOException.class, () -> post(server, 2000));
            assertEquals("the answer does not start with an HTTP/1.x status line", e.getMessage());
        }
    }

    @Test
    void theDeadlineCoversTheWholeAnswerNotEachRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a byte every 50 ms never trips a per-read timeout of 400 ms, but the answer takes over 2 s
            serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", 50);
            long started = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> post(server, 400));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= 390 && tookMillis < 1400, "took " + tookMillis + " ms");
        }
    }
}
