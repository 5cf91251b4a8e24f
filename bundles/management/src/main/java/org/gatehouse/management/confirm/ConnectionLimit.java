package org.gatehouse.management.confirm;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes a connection to the confirmation listener, before its TLS handshake, while as many as
 * allowed are open already. Shared by every connection of one listener: its only state is the count.
 */
@Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            LOG.log(Level.WARNING, "confirmation listener: refused a connection from " + ctx.channel().remoteAddress() + ": " + max
                    + " are open already");
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }
}
