package org.gatehouse.dataplane.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);

    @Test
    void hopByHopFieldsAndThoseConnectionNamesAreRemoved() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        HttpHeaders h = request.headers();
        h.add("Host", "a.test");
        h.add("Connection", "keep-alive, X-Private");
        h.add("X-Private", "1");
        h.add("Keep-Alive", "timeout=5");
        h.add("Proxy-Authorization", "Basic eA==");
        h.add("Proxy-Connection", "keep-alive");
        h.add("TE", "trailers");
        h.add("Trailer", "X-Sum");
        h.add("Upgrade", "websocket");
        h.add("X-Kept", "yes");
        ForwardingHeaders.toUpstream(request, CLIENT, "http", "edge", false);
        for (String gone : new String[] {"Connection", "X-Private", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Upgrade"}) {
            assertFalse(h.contains(gone), gone);
        }
        assertEquals("yes", h.get("X-Kept"));
        assertEquals("a.test", h.get("Host"));
    }

    @Test
    void proxyAndHttp2ConversionFieldsAreRemovedWhateverTheirCase() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = response.headers();
        h.add("PROXY-Status", "hit");
        h.add("proxy-authenticate", "Basic");
        h.add("X-HTTP2-Stream-Id", "3");
        h.add("x-http2-scheme", "http");
        h.add("X-Proxy-Kept", "not a Proxy-* field");
        h.add("Proxy", "not a Proxy-* field either");
        h.add("Content-Length", "0");
        ForwardingHeaders.toClient(response, "edge", false, false, true);
        for (String gone : new String[] {"Proxy-Status", "Proxy-Authenticate", "X-Http2-Stream-Id", "X-Http2-Scheme"}) {
            assertFalse(h.contains(gone), gone);
        }
        assertEquals("not a Proxy-* field", h.get("X-Proxy-Kept"));
        assertEquals("not a Proxy-* field either", h.get("Proxy"));
        assertEquals("0", h.get("Content-Length"));
    }

    @Test
    void forwardedFieldsAndViaAreAddedOrExtended() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
        request.headers().add("Host", "a.test:8080");
        request.headers().add("X-Forwarded-For", "10.0.0.1");
        request.headers().add("Via", "1.1 cdn");
        ForwardingHeaders.toUpstream(request, CLIENT, "https", "edge", false);
        assertEquals("10.0.0.1, 127.0.0.1", request.headers().get("X-Forwarded-For"));
        assertEquals("https", request.headers().get("X-Forwarded-Proto"));
        assertEquals("a.test:8080", request.headers().get("X-Forwarded-Host"));
        assertEquals("1.1 cdn, 1.0 edge", request.headers().get("Via"));
        assertEquals(HttpVersion.HTTP_1_1, request.protocolVersion(), "upstream requests are HTTP/1.1");
    }

    @Test
    void chunkedRequestStaysChunkedAfterTransferEncodingIsStripped() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        request.headers().add("Transfer-Encoding", "chunked");
        ForwardingHeaders.toUpstream(request, CLIENT, "http", "edge", false);
        assertEquals("chunked", request.headers().get("Transfer-Encoding"));
        assertNull(request.headers().get("Content-Length"));
    }

    @Test
    void http2RequestWithoutLengthIsSentChunked() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        request.headers().add("x-http2-stream-id", "3");
        ForwardingHeaders.toUpstream(request, CLIENT, "https", "edge", true);
        assertEquals("chunked", request.headers().get("Transfer-Encoding"));
        assertFalse(request.headers().contains("x-http2-stream-id"));
        assertEquals("2.0 edge", request.headers().get("Via"));
    }

    @Test
    void fullRequestGetsItsExactLength() {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ForwardingHeaders.toUpstream(request, CLIENT, "http", "edge", true);
        assertEquals("3", request.headers().get("Content-Length"));
        request.release();
    }

    @Test
    void responseOfUnknownLengthIsChunkedOnKeptConnectionsAndCloseDelimitedOtherwise() {
        HttpResponse kept = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        ForwardingHeaders.toClient(kept, "edge", false, false, true);
        assertEquals("chunked", kept.headers().get("Transfer-Encoding"));

        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        response.headers().add("Connection", "close, X-Hop");
        response.headers().add("X-Hop", "1");
        ForwardingHeaders.toClient(response, "edge", false, false, false);
        assertFalse(response.headers().contains("Transfer-Encoding"), "the close marks the end of the body");
        assertEquals("close", response.headers().get("Connection"));
        assertFalse(response.headers().contains("X-Hop"));
        assertEquals("1.1 edge", response.headers().get("Via"));
    }

    @Test
    void lengthIsKeptAndBodylessResponsesGetNoFraming() {
        HttpResponse sized = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        sized.headers().add("Content-Length", "12");
        ForwardingHeaders.toClient(sized, "edge", false, false, true);
        assertEquals("12", sized.headers().get("Content-Length"));
        assertFalse(sized.headers().contains("Transfer-Encoding"));
        assertFalse(sized.headers().contains("Connection"));

        HttpResponse noContent = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        ForwardingHeaders.toClient(noContent, "edge", false, ForwardingHeaders.bodyless(HttpMethod.GET, 204), true);
        assertFalse(noContent.headers().contains("Transfer-Encoding"));
        assertTrue(ForwardingHeaders.bodyless(HttpMethod.HEAD, 200));
    }
}
