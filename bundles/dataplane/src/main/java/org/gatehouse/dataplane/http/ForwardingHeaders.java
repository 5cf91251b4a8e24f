package org.gatehouse.dataplane.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Header rewriting at the proxy boundary. Hop-by-hop fields are removed (RFC 9110 section 7.6.1),
 * then the framing of the outgoing message is set again (Content-Length kept, or chunked for a
 * body of unknown length), and {@code Via} (RFC 9110 section 7.6.3) and the de-facto
 * {@code X-Forwarded-For/Proto/Host} are added.
 */
public final class ForwardingHeaders {
    /**
     * {@code Keep-Alive}: Netty deprecates its constant (the field is not defined by HTTP/1.1), but
     * old clients still send it and it is hop-by-hop (RFC 9110 section 7.6.1).
     */
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    /** The fixed hop-by-hop fields; AsciiString names hash once, not on every request. */
    private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, KEEP_ALIVE,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);
    private static final String PROXY_PREFIX = "proxy-";
    private static final String HTTP2_PREFIX = "x-http2-";

    private ForwardingHeaders() {
    }

    /** Removes Connection and the fields it names, the fixed hop-by-hop fields and every Proxy-* field. */
    public static void stripHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty()) {
                        headers.remove(name);
                    }
                }
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
        List<CharSequence> drop = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            // Proxy-Connection, Proxy-Authorization and friends belong to this hop; x-http2-* are
            // Netty's HTTP/2 conversion fields, which must not leak upstream. Compared in place:
            // this runs for every header of every message.
            if (startsWithIgnoreCase(name, PROXY_PREFIX) || startsWithIgnoreCase(name, HTTP2_PREFIX)) {
                if (drop == null) {
                    drop = new ArrayList<>();
                }
                drop.add(name);
            }
        }
        if (drop != null) {
            drop.forEach(headers::remove);
        }
    }

    private static boolean startsWithIgnoreCase(CharSequence name, String lowerCasePrefix) {
        return name.length() >= lowerCasePrefix.length()
                && AsciiString.regionMatches(name, true, 0, lowerCasePrefix, 0, lowerCasePrefix.length());
    }

    /**
     * Turns a client request into the HTTP/1.1 request sent upstream, in place.
     *
     * @param http2 whether the client spoke HTTP/2 (the request may then lack any length)
     */
    public static void toUpstream(HttpRequest request, InetSocketAddress client, String scheme, String elementName, boolean http2) {
        HttpHeaders headers = request.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        long length = HttpUtil.getContentLength(request, -1L);
        String originalHost = headers.get(HttpHeaderNames.HOST);
        String receivedProtocol = http2 ? "2.0" : request.protocolVersion().majorVersion() + "." + request.protocolVersion().minorVersion();
        stripHopByHop(headers);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (request instanceof FullHttpRequest) {
            int size = ((FullHttpRequest) request).content().readableBytes();
            if (size > 0 || length >= 0 || expectsBody(request.method())) {
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, size);
            }
        } else if (chunked || (length < 0 && http2)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        append(headers, "Via", receivedProtocol + " " + elementName);
        if (client != null) {
            append(headers, "X-Forwarded-For", client.getAddress() == null ? client.getHostString() : client.getAddress().getHostAddress());
        }
        headers.set("X-Forwarded-Proto", scheme);
        if (originalHost != null) {
            headers.set("X-Forwarded-Host", originalHost);
        }
    }

    /**
     * Turns an upstream response into the one sent to the client, in place.
     *
     * @param bodyless  whether no body may follow (HEAD request, 1xx, 204, 304)
     * @param keepAlive whether the client connection stays open after this response; an HTTP/1.0
     *                  client is never kept, so a body of unknown length reaches it close-delimited
     *                  (it knows no chunked coding, RFC 9112 section 7.1)
     */
    public static void toClient(HttpResponse response, String elementName, boolean http2, boolean bodyless, boolean keepAlive) {
        HttpHeaders headers = response.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        long length = HttpUtil.getContentLength(response, -1L);
        stripHopByHop(headers);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        append(headers, "Via", "1.1 " + elementName);
        if (http2) {
            return; // HTTP/2 frames carry the length; the stream codec adds nothing hop-by-hop
        }
        if (!bodyless && keepAlive && (chunked || length < 0)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** Whether a response to this request and with this status carries no body (RFC 9110 section 6.4.1). */
    public static boolean bodyless(HttpMethod requestMethod, int status) {
        return HttpMethod.HEAD.equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304;
    }

    private static boolean expectsBody(HttpMethod method) {
        return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method);
    }

    private static void append(HttpHeaders headers, String name, String value) {
        String existing = headers.get(name);
        headers.set(name, existing == null || existing.isBlank() ? value : existing + ", " + value);
    }
}
