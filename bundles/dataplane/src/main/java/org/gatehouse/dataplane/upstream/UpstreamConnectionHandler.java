package org.gatehouse.dataplane.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last stage of an upstream connection: hands responses to the exchange that holds the
 * connection, and closes the connection when it sits parked for longer than the pool's idle
 * timeout.
 */
final class UpstreamConnectionHandler extends ChannelInboundHandlerAdapter {
    private UpstreamListener listener;
    private boolean parked;
    private Throwable failure;

    static UpstreamConnectionHandler of(Channel channel) {
        return channel.pipeline().get(UpstreamConnectionHandler.class);
    }

    void attach(UpstreamListener newListener) {
        this.listener = newListener;
        this.parked = false;
    }

    void park() {
        this.listener = null;
        this.parked = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener != null && msg instanceof HttpObject) {
            listener.onUpstreamMessage((HttpObject) msg);
        } else {
            // a parked connection has no one to answer: anything arriving now is unexpected
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null && ctx.channel().isWritable()) {
            listener.onUpstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (parked) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener current = listener;
        listener = null;
        if (current != null) {
            current.onUpstreamClosed(failure);
        }
    }
}
