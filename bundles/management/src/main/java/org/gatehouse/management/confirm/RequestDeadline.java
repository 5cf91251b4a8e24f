package org.gatehouse.management.confirm;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive whole within a deadline of its first byte: a client that trickles its
 * request line, headers or body a byte at a time (slowloris) is cut off then, however often it
 * sends. Armed by the first bytes after TLS, disarmed by {@link #complete()} when the request
 * handler has the whole request.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");
    private final Duration timeout;
    private ScheduledFuture<?> pending;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (pending == null) {
            pending = ctx.executor().schedule(() -> {
                LOG.log(Level.INFO, "confirmation listener: " + ctx.channel().remoteAddress() + " sent no whole request within "
                        + timeout.toSeconds() + " s of its first byte; connection closed");
                ctx.close();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The request is whole: the next one's first byte starts the next deadline. Called on the event loop. */
    void complete() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        complete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        complete();
        ctx.fireChannelInactive();
    }
}
