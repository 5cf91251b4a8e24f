package org.gatehouse.sample.token.service.auth;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST per connection ({@code Connection: close}, RFC 9112 section 9.6), over a plain
 * socket or TLS, within one deadline for connecting, sending and reading the whole answer.
 *
 * <p>Why not {@code HttpURLConnection} or {@code java.net.http.HttpClient}: both start threads
 * inside the JDK on the caller's behalf (the keep-alive timer, the client's selector), and the
 * sandbox rightly counts those against the extension, whose policy would then have to ask for
 * {@code runtime createThread}. A connection per request is also what makes the deadline total:
 * the socket's read timeout is set to what is left of it before every read.
 *
 * <p>Answers are bounded: 32 KiB of status line and headers, 64 KiB of body; the body may be
 * sent with Content-Length, chunked (RFC 9112 section 7.1), or up to the close.
 */
final class OneShotHttpClient {
    static final int MAX_HEADER_BYTES = 32 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9][0-9])(?: .*)?");

    /** What the server answered: status, headers by lower-case name, body. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        Answer {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.clone();
        }

        /** The body, which is meant to be JSON, as UTF-8 text (RFC 8259 section 8.1). */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private OneShotHttpClient() {
    }

    /**
     * Posts the body and reads the whole answer before {@code deadlineNanos} ({@link System#nanoTime()} based).
     *
     * @param headers extra request headers as name, value pairs (no CR or LF: the caller builds them)
     * @throws SocketTimeoutException when the deadline passes
     * @throws IOException            when the connection fails or the answer is not HTTP/1.1 within bounds
     */
    static Answer post(URI uri, List<String> headers, String contentType, byte[] body, long deadlineNanos) throws IOException {
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        try (Socket socket = connect(host, port, tls, deadlineNanos)) {
            OutputStream out = socket.getOutputStream();
            out.write(request(uri, tls, headers, contentType, body));
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInputStream(socket, deadlineNanos));
            return answer(in);
        }
    }

    private static Socket connect(String host, int port, boolean tls, long deadlineNanos) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), millisLeft(deadlineNanos));
            if (!tls) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
            SSLParameters parameters = secure.getSSLParameters();
            // RFC 9110 section 4.3.4: the certificate must name the host we asked for
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.setSoTimeout(millisLeft(deadlineNanos));
            secure.startHandshake();
            return secure;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static byte[] request(URI uri, boolean tls, List<String> headers, String contentType, byte[] body) {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean defaultPort = uri.getPort() < 0 || uri.getPort() == (tls ? 443 : 80);
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(defaultPort ? "" : ":" + uri.getPort()).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Accept: application/json\r\n")
                .append("Connection: close\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static Answer answer(InputStream in) throws IOException {
        int[] headerBudget = {MAX_HEADER_BYTES};
        while (true) {
            String statusLine = line(in, headerBudget);
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                throw new IOException("the answer does not start with an HTTP/1.x status line");
            }
            int status = Integer.parseInt(m.group(1));
            Map<String, List<String>> headers = headers(in, headerBudget);
            if (status >= 200) {
                return new Answer(status, headers, body(in, headers));
            }
            // 1xx interim answers (RFC 9110 section 15.2) come before the final one
        }
    }

    private static Map<String, List<String>> headers(InputStream in, int[] budget) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("the answer has a malformed header line");
            }
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return headers;
    }

    private static byte[] body(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (!encoding.isEmpty()) {
            if (!encoding.get(encoding.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
                throw new IOException("the answer uses transfer coding " + encoding + " without chunked");
            }
            return chunked(in);
        }
        List<String> length = headers.getOrDefault("content-length", List.of());
        if (length.isEmpty()) {
            return bounded(in, MAX_BODY_BYTES + 1);
        }
        if (length.size() > 1 || !length.get(0).matches("[0-9]{1,10}")) {
            throw new IOException("the answer's Content-Length is not one decimal number");
        }
        long expected = Long.parseLong(length.get(0));
        if (expected > MAX_BODY_BYTES) {
            throw new IOException("the answer's body of " + expected + " bytes is larger than " + MAX_BODY_BYTES);
        }
        byte[] body = in.readNBytes((int) expected);
        if (body.length < expected) {
            throw new IOException("the connection closed after " + body.length + " of " + expected + " body bytes");
        }
        return body;
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] budget = {MAX_HEADER_BYTES};
        while (true) {
            String sizeLine = line(in, budget);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,7}")) {
                throw new IOException("the answer has a malformed chunk size");
            }
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                headers(in, budget);
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY_BYTES) {
                throw new IOException("the answer's body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size || !line(in, budget).isEmpty()) {
                throw new IOException("the answer has a truncated or malformed chunk");
            }
            body.write(chunk);
        }
    }

    private static byte[] bounded(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit);
        if (body.length > MAX_BODY_BYTES) {
            throw new IOException("the answer's body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    /** One line without its CRLF (a bare LF is accepted, RFC 9112 section 2.2), counted against the budget. */
    private static String line(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the answer's head");
            }
            if (--budget[0] < 0) {
                throw new IOException("the answer's head is larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        // 0 would mean "no timeout" to the socket: never hand it out
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    /** Sets the socket's read timeout to what is left of the deadline before every read. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(millisLeft(deadlineNanos));
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            socket.setSoTimeout(millisLeft(deadlineNanos));
            return in.read(buffer, offset, length);
        }
    }
}
