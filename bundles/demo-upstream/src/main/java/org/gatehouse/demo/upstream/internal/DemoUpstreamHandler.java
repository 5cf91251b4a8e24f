package org.gatehouse.demo.upstream.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers every request with a JSON echo of its method, path, body size and headers (among
 * them the {@code Via} and {@code X-Forwarded-*} the element added). The body is counted and
 * dropped, never kept.
 */
final class DemoUpstreamHandler extends SimpleChannelInboundHandler<HttpObject> {
    private HttpRequest request;
    private long bodyBytes;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest) {
            request = (HttpRequest) msg;
            bodyBytes = 0;
        }
        if (msg instanceof HttpContent) {
            bodyBytes += ((HttpContent) msg).content().readableBytes();
        }
        if (msg instanceof LastHttpContent && request != null) {
            answer(ctx);
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        StringBuilder json = new StringBuilder("{\"server\":\"gatehouse-demo-upstream\",\"method\":")
                .append(quote(request.method().name()))
                .append(",\"path\":").append(quote(request.uri()))
                .append(",\"bodyBytes\":").append(bodyBytes)
                .append(",\"headers\":{");
        String separator = "";
        for (Map.Entry<String, String> header : request.headers()) {
            json.append(separator).append(quote(header.getKey().toLowerCase(java.util.Locale.ROOT))).append(':').append(quote(header.getValue()));
            separator = ",";
        }
        json.append("}}\n");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        request = null;
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
