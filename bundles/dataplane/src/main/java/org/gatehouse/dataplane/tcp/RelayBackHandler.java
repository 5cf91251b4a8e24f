package org.gatehouse.dataplane.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Upstream side of a TCP relay: copies bytes to the client, reading on only while it keeps up. */
final class RelayBackHandler extends ChannelInboundHandlerAdapter {
    private final Channel client;

    RelayBackHandler(Channel client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        client.writeAndFlush(msg).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ctx.close();
            } else {
                ctx.read(); // the client took the bytes: read the next ones
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        TcpRelayHandler.closeAfterFlush(client);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
