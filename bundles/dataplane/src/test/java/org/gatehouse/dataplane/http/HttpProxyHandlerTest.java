package org.gatehouse.dataplane.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.gatehouse.dataplane.config.Limits;
import org.gatehouse.dataplane.routing.RouteTable;
import org.gatehouse.dataplane.routing.RoutingSnapshot;
import org.junit.jupiter.api.Test;

/** The element's own answers, in memory: no route, and requests the decoder refuses. */
class HttpProxyHandlerTest {
    private static final Limits SMALL = new Limits(256, 512, 65536, Duration.ofSeconds(60), 16);

    private static EmbeddedChannel channel() {
        RoutingSnapshot snapshot = new RoutingSnapshot(1, "edge-test", SMALL, new RouteTable(List.of()));
        ListenerContext listener = new ListenerContext("public", "http", () -> snapshot);
        return new EmbeddedChannel(HttpProxyInitializer.serverCodec(SMALL), new HttpRequestNormalizer(listener.scheme()),
                new HttpProxyHandler(listener));
    }

    private static String exchange(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void noRouteIsA404WithTheJsonErrorAndKeepsTheConnection() {
        EmbeddedChannel channel = channel();
        String response = exchange(channel, "GET /nothing HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 Not Found\r\n"), response);
        assertTrue(response.contains("content-type: application/json"), response);
        assertTrue(response.endsWith("{\"error\":{\"status\":404,\"code\":\"no_route\","
                + "\"message\":\"no route for host 'a.test' and path '/nothing'\",\"route\":null}}"), response);
        assertTrue(channel.isOpen(), "keep-alive survives an error the element answered itself");
        String second = exchange(channel, "GET /again HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertTrue(second.startsWith("HTTP/1.1 404"), second);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void oversizedHeadersAre431AndCloseTheConnection() {
        EmbeddedChannel channel = channel();
        String response = exchange(channel, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(1000) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431 Request Header Fields Too Large"), response);
        assertTrue(response.contains("\"code\":\"header_fields_too_large\""), response);
        assertTrue(response.contains("connection: close"), response);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void overlongRequestLineIs414() {
        EmbeddedChannel channel = channel();
        String response = exchange(channel, "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 414 "), response);
        assertTrue(response.contains("\"status\":414"), response);
        channel.finishAndReleaseAll();
    }

    @Test
    void garbageIs400() {
        EmbeddedChannel channel = channel();
        String response = exchange(channel, "NOT HTTP AT ALL\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertTrue(response.contains("\"code\":\"bad_request\""), response);
        channel.finishAndReleaseAll();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        EmbeddedChannel channel = channel();
        String response = exchange(channel, "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        int one = response.indexOf("path '/one'");
        int two = response.indexOf("path '/two'");
        assertTrue(one > 0 && two > one, response);
        channel.finishAndReleaseAll();
    }

    @Test
    void http11RequestNeedsExactlyOneHost() {
        EmbeddedChannel missing = channel();
        String none = exchange(missing, "GET / HTTP/1.1\r\n\r\n");
        assertTrue(none.startsWith("HTTP/1.1 400 "), none);
        assertTrue(none.contains("\"code\":\"bad_host\""), none);
        missing.finishAndReleaseAll();
        EmbeddedChannel doubled = channel();
        String two = exchange(doubled, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertTrue(two.contains("the request has 2 Host fields"), two);
        doubled.finishAndReleaseAll();
        EmbeddedChannel http10 = channel();
        String old = exchange(http10, "GET /legacy HTTP/1.0\r\n\r\n");
        assertTrue(old.startsWith("HTTP/1.1 404 "), "HTTP/1.0 may omit Host: " + old);
        http10.finishAndReleaseAll();
    }
}
