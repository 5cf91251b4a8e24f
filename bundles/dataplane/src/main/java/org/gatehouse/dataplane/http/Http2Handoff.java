package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;

/**
 * Hands a cleartext connection over to HTTP/2 once it switched, by prior knowledge or by
 * {@code Upgrade: h2c}: removes the HTTP/1.1 request handlers behind it (each stream has its own)
 * and itself, and lets the connection be read freely (flow control is per stream). Decides once;
 * a connection that stays HTTP/1.1 keeps it as a bystander.
 *
 * <pre>{@code
 * pipeline.addLast("h2-handoff", new Http2Handoff("normalize", "proxy"));
 * }</pre>
 */
final class Http2Handoff extends ChannelInboundHandlerAdapter {
    private final String[] http1Handlers;

    /** @param http1Handlers the names of the HTTP/1.1 handlers to remove, all after this one in the pipeline */
    Http2Handoff(String... http1Handlers) {
        if (http1Handlers.length == 0) {
            throw new IllegalArgumentException("no HTTP/1.1 handler to remove was named");
        }
        this.http1Handlers = http1Handlers.clone();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent
                || evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
            ctx.channel().config().setAutoRead(true);
            for (String name : http1Handlers) {
                ctx.pipeline().remove(name);
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }
}
