package org.gatehouse.demo.upstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The echo in memory, request and response as Netty objects: what a request through the element shows its client. */
class DemoUpstreamInitializerTest {

    private static FullHttpRequest request(HttpVersion version, HttpMethod method, String uri, String body) {
        return new DefaultFullHttpRequest(version, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    /** The echo's answer to {@code request}; the channel is left to the caller. */
    private static FullHttpResponse answer(EmbeddedChannel channel, FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertEquals(200, response.status().code());
        assertEquals("application/json", response.headers().get("content-type"));
        return response;
    }

    @Test
    void echoesMethodPathBodySizeAndHeaders() {
        EmbeddedChannel channel = new EmbeddedChannel(new DemoUpstreamHandler());
        FullHttpRequest request = request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/hello?q=1", "abc");
        request.headers().add("Host", "demo").add("X-Forwarded-For", "127.0.0.1");
        FullHttpResponse response = answer(channel, request);
        String body = response.content().toString(StandardCharsets.UTF_8);
        response.release();
        assertEquals("{\"server\":\"gatehouse-demo-upstream\",\"method\":\"POST\",\"path\":\"/hello?q=1\",\"bodyBytes\":3,"
                + "\"headers\":{\"host\":\"demo\",\"x-forwarded-for\":\"127.0.0.1\"}}\n", body);
        assertTrue(channel.isOpen(), "keep-alive by default in HTTP/1.1");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void quotesWhatWouldBreakTheJson() {
        EmbeddedChannel channel = new EmbeddedChannel(new DemoUpstreamHandler());
        FullHttpRequest request = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a\"b", "");
        request.headers().add("X-Quote", "say \"hi\" \\ there");
        FullHttpResponse response = answer(channel, request);
        String body = response.content().toString(StandardCharsets.UTF_8);
        response.release();
        assertTrue(body.contains("\"path\":\"/a\\\"b\""), body);
        assertTrue(body.contains("\"x-quote\":\"say \\\"hi\\\" \\\\ there\""), body);
        channel.finishAndReleaseAll();
    }

    @Test
    void http10ConnectionClosesAfterTheAnswer() {
        EmbeddedChannel channel = new EmbeddedChannel(new DemoUpstreamHandler());
        FullHttpResponse response = answer(channel, request(HttpVersion.HTTP_1_0, HttpMethod.GET, "/old", ""));
        assertEquals(HttpVersion.HTTP_1_0, response.protocolVersion());
        response.release();
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }
}
