package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LeakDetectionExtension;
import org.gatehouse.dataplane.testing.RawRecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request corpus: raw bytes in, what the client got out and what the upstream received, over
 * loopback sockets against the real data plane and a raw upstream. A message processor here claims
 * what a protected message type would ({@code /raw/secure} and the host {@code admin.example}) and
 * answers 401, reading the same {@link RequestHead} the flow engine reads: every variant of those
 * is 401 or refused, nothing of it reaches the upstream, and legitimate requests arrive as normalized.
 */
@ExtendWith(LeakDetectionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestCorpusTest {
    /** Nothing reached the upstream. */
    private static final String NOTHING = null;

    @TempDir
    static Path conf;

    private DataPlaneHarness plane;
    private RawRecordingUpstream upstream;

    /**
     * One case: what the client sends, the status it must get, and the request line the upstream
     * must receive ({@link #NOTHING} when nothing may reach it), plus, for a body cut short after
     * forwarding began, that the upstream saw it incomplete.
     */
    record Case(String name, String request, int status, String upstreamLine, boolean upstreamComplete) {
        static Case refused(String name, String request, int status) {
            return new Case(name, request, status, NOTHING, true);
        }

        static Case forwarded(String name, String request, String upstreamLine) {
            return new Case(name, request, 200, upstreamLine, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(
                // one view: every spelling of the protected path is the protected path
                Case.refused("protected path", get("/raw/secure/x"), 401),
                Case.refused("dot-dot segment", get("/raw/open/../secure/x"), 401),
                Case.refused("escaped unreserved letter", get("/raw/%73ecure/x"), 401),
                Case.refused("repeated slash", get("/raw//secure/x"), 401),
                Case.refused("dot segment", get("/raw/./secure/x"), 401),
                Case.refused("escaped dot-dot", get("/raw/open/%2e%2e/secure/x"), 401),
                Case.refused("escaped dot-dot upper case", get("/raw/open/%2E%2E/secure/x"), 401),
                Case.refused("half-escaped dot-dot", get("/raw/open/.%2e/secure/x"), 401),
                Case.refused("trailing dot segment", get("/raw/secure/x/."), 401),
                Case.refused("escaped slash", get("/raw/open/..%2fsecure/x"), 400),
                Case.refused("escaped backslash", get("/raw/open/..%5csecure/x"), 400),
                Case.refused("raw backslash", get("/raw/open/..\\secure/x"), 400),
                Case.refused("path parameter dot-dot", get("/raw/open/..;/secure/x"), 400),
                Case.refused("path parameter", get("/raw/secure;a=b/x"), 400),
                Case.refused("escaped path parameter before repeated slashes (fuzzing finding)", get("/%3BB///raw/secure"), 400),
                Case.refused("escaped path parameter dot-dot", get("/raw/open/..%3B/secure/x"), 400),
                Case.refused("escaped NUL", get("/raw/secure%00/x"), 400),
                Case.refused("overlong UTF-8 dot", get("/raw/open/%C0%AE%C0%AE/secure/x"), 400),
                Case.refused("invalid UTF-8", get("/raw/%FF/x"), 400),
                Case.refused("above the root", get("/../raw/secure/x"), 400),
                Case.refused("fragment", get("/raw/secure/x#top"), 400),
                Case.refused("malformed escape", get("/raw/%2/x"), 400),
                Case.refused("non-ASCII byte", get("/raw/caf\u00e9"), 400),
                // one view: the authority
                Case.refused("absolute form names the protected host", "GET http://admin.example/raw/x HTTP/1.1\r\nHost: admin.example\r\n\r\n", 401),
                Case.refused("absolute form with another Host", "GET http://admin.example/raw/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
                Case.refused("absolute form without Host", "GET http://admin.example/raw/x HTTP/1.1\r\n\r\n", 400),
                Case.refused("host in upper case with a dot", "GET /raw/x HTTP/1.1\r\nHost: ADMIN.Example.\r\n\r\n", 401),
                Case.refused("host with the default port", "GET /raw/x HTTP/1.1\r\nHost: admin.example:80\r\n\r\n", 401),
                Case.refused("Host with two trailing dots (fuzzing finding)", "GET /raw/x HTTP/1.1\r\nHost: admin.example..\r\n\r\n", 400),
                Case.refused("Host with an IPv6 literal that is not an address (fuzzing finding)",
                        "GET /raw/x HTTP/1.1\r\nHost: [d8.:.]\r\n\r\n", 400),
                Case.refused("two Host fields", "GET /raw/x HTTP/1.1\r\nHost: public.example\r\nHost: admin.example\r\n\r\n", 400),
                Case.refused("no Host", "GET /raw/x HTTP/1.1\r\n\r\n", 400),
                Case.refused("Host with user information", "GET /raw/x HTTP/1.1\r\nHost: a@admin.example\r\n\r\n", 400),
                Case.refused("Host with a path", "GET /raw/x HTTP/1.1\r\nHost: admin.example/x\r\n\r\n", 400),
                Case.refused("CONNECT", "CONNECT admin.example:443 HTTP/1.1\r\nHost: admin.example:443\r\n\r\n", 501),
                Case.refused("asterisk form", "OPTIONS * HTTP/1.1\r\nHost: public.example\r\n\r\n", 400),
                Case.refused("another scheme", "GET ftp://admin.example/x HTTP/1.1\r\nHost: admin.example\r\n\r\n", 400),
                // legitimate requests arrive as normalized
                Case.forwarded("plain", get("/raw/open/x"), "GET /raw/open/x HTTP/1.1"),
                Case.forwarded("normalized on the way", get("/raw/open/./a/../b?q=%7e&r=%2f"), "GET /raw/open/b?q=~&r=%2F HTTP/1.1"),
                Case.forwarded("absolute form", "GET http://public.example/raw/open/x HTTP/1.1\r\nHost: public.example\r\n\r\n",
                        "GET /raw/open/x HTTP/1.1"),
                Case.forwarded("Content-Length body", post("Content-Length: 5\r\n", "hello"), "POST /raw/open/x HTTP/1.1"),
                Case.forwarded("chunked body", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), "POST /raw/open/x HTTP/1.1"),
                Case.forwarded("chunked in other case with OWS", post("Transfer-Encoding:  Chunked \r\n", "5\r\nhello\r\n0\r\n\r\n"),
                        "POST /raw/open/x HTTP/1.1"),
                Case.forwarded("chunk extension", post("Transfer-Encoding: chunked\r\n", "5;a=b;c=\"d e\"\r\nhello\r\n0\r\n\r\n"),
                        "POST /raw/open/x HTTP/1.1"),
                Case.forwarded("trailer", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"),
                        "POST /raw/open/x HTTP/1.1"),
                Case.forwarded("HTTP/1.0 without Host", "GET /raw/open/x HTTP/1.0\r\n\r\n", "GET /raw/open/x HTTP/1.1"),
                Case.forwarded("one empty line before the request", "\r\n" + get("/raw/open/x"), "GET /raw/open/x HTTP/1.1"),
                // framing: smuggling shapes and malformed messages
                Case.refused("CL.TE", post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\nG"), 400),
                Case.refused("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "8\r\nSMUGGLED\r\n0\r\n\r\n"), 400),
                Case.refused("xchunked", post("Transfer-Encoding: xchunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), 501),
                Case.refused("gzip", post("Transfer-Encoding: gzip\r\n", "5\r\nhello\r\n0\r\n\r\n"), 501),
                Case.refused("gzip then chunked", post("Transfer-Encoding: gzip, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), 501),
                Case.refused("empty Transfer-Encoding", post("Transfer-Encoding: \r\n", ""), 501),
                Case.refused("chunked not last", post("Transfer-Encoding: chunked, identity\r\n", "5\r\nhello\r\n0\r\n\r\n"), 400),
                Case.refused("chunked twice", post("Transfer-Encoding: chunked, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), 400),
                Case.refused("two Transfer-Encoding fields", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                        "5\r\nhello\r\n0\r\n\r\n"), 400),
                Case.refused("space before the colon", post("Transfer-Encoding : chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), 400),
                Case.refused("vertical tab in Transfer-Encoding", post("Transfer-Encoding: chunked\u000b\r\n", "5\r\nhello\r\n0\r\n\r\n"), 400),
                Case.refused("Content-Length list", post("Content-Length: 5, 5\r\n", "hello"), 400),
                Case.refused("two Content-Length fields", post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), 400),
                Case.refused("two different Content-Length fields", post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), 400),
                Case.refused("signed Content-Length", post("Content-Length: +5\r\n", "hello"), 400),
                Case.refused("negative Content-Length", post("Content-Length: -1\r\n", ""), 400),
                Case.refused("hex Content-Length", post("Content-Length: 0x5\r\n", "hello"), 400),
                Case.refused("obs-fold", "GET /raw/open/x HTTP/1.1\r\nHost: public.example\r\nX-A: a\r\n b\r\n\r\n", 400),
                Case.refused("bare LF", "GET /raw/open/x HTTP/1.1\nHost: public.example\n\n", 400),
                Case.refused("bare CR", "GET /raw/open/x HTTP/1.1\rHost: public.example\r\n\r\n", 400),
                Case.refused("NUL in a value", "GET /raw/open/x HTTP/1.1\r\nHost: public.example\r\nX-A: a\u0000b\r\n\r\n", 400),
                Case.refused("space in a name", "GET /raw/open/x HTTP/1.1\r\nHost: public.example\r\nX A: b\r\n\r\n", 400),
                Case.refused("empty name", "GET /raw/open/x HTTP/1.1\r\nHost: public.example\r\n: b\r\n\r\n", 400),
                Case.refused("two spaces in the request line", "GET  /raw/open/x HTTP/1.1\r\nHost: public.example\r\n\r\n", 400),
                Case.refused("HTTP/1.2", "GET /raw/open/x HTTP/1.2\r\nHost: public.example\r\n\r\n", 505),
                Case.refused("HTTP/2.0 in a request line", "GET /raw/open/x HTTP/2.0\r\nHost: public.example\r\n\r\n", 505),
                Case.refused("not a version", "GET /raw/open/x HTTP/1.1x\r\nHost: public.example\r\n\r\n", 400),
                Case.refused("lower-case version", "GET /raw/open/x http/1.1\r\nHost: public.example\r\n\r\n", 400),
                Case.refused("HTTP/1.0 with Transfer-Encoding", "POST /raw/open/x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n", 400),
                aborted("chunk size not hex", "zz\r\nhello\r\n0\r\n\r\n"),
                aborted("chunk size with a space", "5 \r\nhello\r\n0\r\n\r\n"),
                aborted("chunk size with a sign", "+5\r\nhello\r\n0\r\n\r\n"),
                aborted("chunk size overflowing", "10000000000000005\r\nhello\r\n0\r\n\r\n"),
                aborted("chunk extension with whitespace", "5 ;a=b\r\nhello\r\n0\r\n\r\n"),
                aborted("chunk extension without a name", "5;=b\r\nhello\r\n0\r\n\r\n"),
                Case.refused("request line too long", get("/raw/open/" + "a".repeat(1100)), 414),
                Case.refused("header section too large", "GET /raw/open/x HTTP/1.1\r\nHost: public.example\r\nX-Big: "
                        + "b".repeat(2100) + "\r\n\r\n", 431),
                // a body that turns bad after forwarding began: the upstream's request stays incomplete
                aborted("chunk longer than its size", "5\r\nhello!\r\n0\r\n\r\n"),
                aborted("bad chunk after a good one", "5\r\nhello\r\nzz\r\n0\r\n\r\n"),
                aborted("obs-text in a quoted chunk extension (fuzzing finding)", "5;c=\"d\u0087\"\r\nhello\r\n0\r\n\r\n"),
                aborted("chunk size above 2^31-1 (fuzzing finding)", "EEEEEEEE\r\nhello\r\n0\r\n\r\n"),
                aborted("chunk line longer than max-initial-line-length (fuzzing finding)",
                        "5;a=" + "b".repeat(1100) + "\r\nhello\r\n0\r\n\r\n"),
                aborted("trailer within max-header-size, header and trailer sections over it (fuzzing finding)",
                        "5\r\nhello\r\n0\r\nX-T: " + "b".repeat(2020) + "\r\n\r\n"),
                aborted("bare LF after chunk data", "5\r\nhello\n0\r\n\r\n"),
                aborted("obs-fold in a trailer", "5\r\nhello\r\n0\r\nX-T: 1\r\n 2\r\n\r\n"));
    }

    /**
     * A streamed body that turns out malformed: the head went upstream already, so the upstream's
     * request is cut off (its connection closed), never completed, and the client gets 400.
     */
    private static Case aborted(String name, String chunkedBody) {
        return new Case(name, post("Transfer-Encoding: chunked\r\n", chunkedBody), 400, "POST /raw/open/x HTTP/1.1", false);
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: public.example\r\n\r\n";
    }

    private static String post(String framing, String body) {
        return "POST /raw/open/x HTTP/1.1\r\nHost: public.example\r\n" + framing + "\r\n" + body;
    }

    @BeforeAll
    void start() throws Exception {
        upstream = new RawRecordingUpstream();
        plane = new DataPlaneHarness(conf);
        plane.start("  <limits max-initial-line-length=\"1024\" max-header-size=\"2048\"/>\n"
                + DataPlaneHarness.passThrough(upstream.port()), () -> PROTECTED);
    }

    @AfterAll
    void stop() throws IOException {
        plane.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusCase(Case c) throws Exception {
        int before = upstream.received().size();
        String response = exchange(c.request());
        assertTrue(response.startsWith("HTTP/1.1 " + c.status() + " "), c.name() + ": " + response);
        List<RawRecordingUpstream.Received> received = upstream.received();
        if (c.upstreamLine() == null) {
            assertEquals(before, received.size(), c.name() + ": nothing may reach the upstream, it got " + received);
            return;
        }
        Await.until(java.time.Duration.ofSeconds(10), "the upstream recorded the request", () -> upstream.received().size() > before);
        RawRecordingUpstream.Received got = upstream.received().get(before);
        assertEquals(c.upstreamLine(), got.requestLine(), c.name());
        assertEquals(c.upstreamComplete(), got.complete(), c.name() + ": whether the upstream got the whole request");
        if (got.complete() && !c.request().contains("HTTP/1.0")) {
            assertEquals("public.example", got.header("host"), c.name() + ": the upstream gets the normalized authority");
        }
    }

    /** Sends the bytes on a new connection and reads until the element closes it or answers whole. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", plane.address("public").getPort())) {
            socket.setSoTimeout(10000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end > 0) {
                int length = contentLength(text.substring(0, end));
                out.write(in.readNBytes(length));
                return out.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** What a message type on {@code path-prefix="/raw/secure"} or {@code host="admin.example"} with a credential check does. */
    static final MessageProcessor PROTECTED = head -> {
        boolean claimed = head.path().startsWith("/raw/secure") || head.authority().equals("admin.example");
        return claimed ? new Unauthorized() : null;
    };

    private static final class Unauthorized implements MessageTypeMatch {
        @Override
        public String messageType() {
            return "protected";
        }

        @Override
        public int bodyLimit() {
            return -1;
        }

        @Override
        public CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body) {
            return CompletableFuture.completedFuture(new FlowResult.Reject(401, "unauthenticated", "credentials required",
                    List.of(Map.entry("WWW-Authenticate", "Bearer realm=\"raw\""))));
        }
    }
}
