package org.gatehouse.sdk.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One request for {@link OutboundHttp}: checked when made, so a bad one fails in the bladelet's
 * own code with a message naming what is wrong. The target is an absolute {@code http} or
 * {@code https} URI without user information or fragment; header names are tokens and values hold
 * no line breaks (RFC 9110 section 5); the headers the client writes itself ({@code Host},
 * {@code Content-Length}, {@code Connection}, {@code Transfer-Encoding}, {@code Upgrade},
 * {@code Expect}) cannot be set. Immutable: the {@code with...} methods return a new request.
 *
 * @param method           the method, a token such as {@code GET}
 * @param uri              the target
 * @param headers          header names (as written) and their values, in order
 * @param body             the body, empty for none
 * @param timeout          for connecting, sending and reading the whole answer; 1 ms to 60 s
 * @param maxResponseBytes the longest answer body read; 1 byte to 16 MiB
 */
public record OutboundRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout,
        int maxResponseBytes) {
    /** What a request allows when not told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<String> CLIENT_HEADERS = List.of("host", "content-length", "connection", "transfer-encoding", "upgrade",
            "expect", "keep-alive", "te", "trailer", "proxy-connection");

    public OutboundRequest {
        if (method == null || !TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("method '" + method + "' is not an HTTP method token");
        }
        checkTarget(uri);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : (headers == null ? Map.<String, List<String>>of() : headers).entrySet()) {
            checkHeader(header.getKey(), header.getValue());
            copy.put(header.getKey(), List.copyOf(header.getValue()));
        }
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout " + timeout + " is not between 1 ms and " + MAX_TIMEOUT.toSeconds() + " s");
        }
        if (maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException("maxResponseBytes " + maxResponseBytes + " is not between 1 and " + MAX_RESPONSE_BYTES);
        }
    }

    /** A GET of {@code uri} with the default timeout and answer bound. */
    public static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, Map.of(), new byte[0], DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** A POST of {@code body} as {@code contentType} to {@code uri}, with the default timeout and answer bound. */
    public static OutboundRequest post(URI uri, String contentType, byte[] body) {
        return new OutboundRequest("POST", uri, Map.of("Content-Type", List.of(contentType)), body, DEFAULT_TIMEOUT,
                DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** This request with one more value of the header {@code name}. */
    public OutboundRequest withHeader(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
        values.add(value);
        more.put(name, values);
        return new OutboundRequest(method, uri, more, body, timeout, maxResponseBytes);
    }

    /** This request with another timeout. */
    public OutboundRequest withTimeout(Duration newTimeout) {
        return new OutboundRequest(method, uri, headers, body, newTimeout, maxResponseBytes);
    }

    /** This request with another bound on the answer's body. */
    public OutboundRequest withMaxResponseBytes(int newMax) {
        return new OutboundRequest(method, uri, headers, body, timeout, newMax);
    }

    /** The port the request goes to: the URI's, or the scheme's default. */
    public int port() {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The body, a copy. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    private static void checkTarget(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException("target '" + uri + "' is not an absolute http or https URI");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("target '" + uri + "': scheme " + uri.getScheme() + " is not http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("target '" + uri + "' names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("target '" + uri + "' carries user information; send credentials in a header");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("target '" + uri + "' has a fragment, which is never sent");
        }
    }

    private static void checkHeader(String name, List<String> values) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("header name '" + name + "' is not a token");
        }
        if (CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is written by the client itself and cannot be set");
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("header " + name + " has no value");
        }
        for (String value : values) {
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("header " + name + ": a value holds a line break or NUL");
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboundRequest r && method.equals(r.method) && uri.equals(r.uri) && headers.equals(r.headers)
                && java.util.Arrays.equals(body, r.body) && timeout.equals(r.timeout) && maxResponseBytes == r.maxResponseBytes;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(method, uri, headers, java.util.Arrays.hashCode(body), timeout, maxResponseBytes);
    }

    @Override
    public String toString() {
        return method + " " + uri + " (" + body.length + " bytes, timeout " + timeout.toMillis() + " ms)";
    }
}
