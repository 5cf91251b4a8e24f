package org.gatehouse.dataplane.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sits in front of Netty's HTTP/1.1 decoder and passes on only the bytes that
 * {@link Http1FramingReader} accepts; at the first refused byte it passes a
 * {@link FramingViolation} instead and drops everything after it. It also keeps the client's
 * deadlines: a request head must be complete within {@code headTimeout} of its first byte (of
 * the connection's start, for the first request), and while the element waits for body bytes
 * they must come within {@code bodyIdleTimeout}; otherwise a 408 violation is passed on. Time
 * the element itself does not read (backpressure, a slow upstream) is never held against the client.
 *
 * <p>On a cleartext listener the HTTP/2 connection preface (RFC 9113 section 3.4) makes it step
 * aside, as does an {@code Upgrade: h2c} request: HTTP/2 is framed by its own codec.
 */
public final class Http1FramingGuard extends ChannelDuplexHandler {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final Http1FramingReader reader;
    private final long headNanos;
    private final long bodyIdleNanos;
    private ByteBuf prefaceCheck;
    private boolean refused;
    private boolean readPending;
    private boolean sawBytes;
    private long waitingSince;
    private long headStartedAt;
    private ScheduledFuture<?> timer;

    /**
     * @param detectPreface whether an HTTP/2 preface may open the connection (cleartext h2c listeners)
     */
    public Http1FramingGuard(int maxLine, int maxHeader, Duration headTimeout, Duration bodyIdleTimeout, boolean detectPreface) {
        this.reader = new Http1FramingReader(maxLine, maxHeader);
        this.headNanos = headTimeout.toNanos();
        this.bodyIdleNanos = bodyIdleTimeout.toNanos();
        this.prefaceCheck = detectPreface ? Unpooled.EMPTY_BUFFER : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startFirstHead(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startFirstHead(ctx);
        ctx.fireChannelActive();
    }

    /** A connection that sends nothing, or part of a head, is a slow client as much as one that trickles. */
    private void startFirstHead(ChannelHandlerContext ctx) {
        if (timer == null) {
            headStartedAt = System.nanoTime();
            schedule(ctx, headNanos);
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!readPending) {
            readPending = true;
            waitingSince = System.nanoTime();
        }
        ctx.read();
    }

    /**
     * Bytes answer the read asked for. The wait ends here rather than at the end of the read: the
     * proxy asks for the next bytes while it handles these, and that read is pending afterwards.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        readPending = false;
        ByteBuf bytes = (ByteBuf) msg;
        if (refused) {
            bytes.release();
            return;
        }
        if (prefaceCheck != null) {
            bytes = checkPreface(ctx, bytes);
            if (bytes == null) {
                return;
            }
        }
        accept(ctx, bytes);
    }

    /** @return the bytes to read as HTTP/1.1, or null when still undecided or handed to HTTP/2 */
    private ByteBuf checkPreface(ChannelHandlerContext ctx, ByteBuf bytes) {
        ByteBuf seen = prefaceCheck.isReadable() ? Unpooled.wrappedBuffer(prefaceCheck, bytes) : bytes;
        int compared = Math.min(seen.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(seen, seen.readerIndex(), PREFACE, 0, compared)) {
            prefaceCheck = null;
            return seen;
        }
        if (compared < PREFACE.readableBytes()) {
            prefaceCheck = seen;
            read(ctx); // nothing went on, so nothing after this handler asks for the rest
            return null;
        }
        prefaceCheck = null;
        stepAside(ctx);
        ctx.fireChannelRead(seen);
        return null;
    }

    private void accept(ChannelHandlerContext ctx, ByteBuf bytes) {
        Phase before = phase();
        int refusedAt = reader.read(bytes);
        if (refusedAt < 0) {
            noteProgress(ctx, before);
            if (reader.passedThrough()) {
                stepAside(ctx);
            }
            ctx.fireChannelRead(bytes);
            return;
        }
        if (refusedAt > bytes.readerIndex()) {
            ctx.fireChannelRead(bytes.retainedSlice(bytes.readerIndex(), refusedAt - bytes.readerIndex()));
        }
        bytes.release();
        refuse(ctx, reader.violation());
    }

    /** Which bound applies: a head's deadline, a body's idle bound, or none between requests. */
    private enum Phase { HEAD, BODY, BETWEEN }

    private Phase phase() {
        if (reader.inBody()) {
            return Phase.BODY;
        }
        return reader.inHead() || !sawBytes ? Phase.HEAD : Phase.BETWEEN;
    }

    /** A new head starts its deadline, a body its idle bound; body bytes restart the idle bound. */
    private void noteProgress(ChannelHandlerContext ctx, Phase before) {
        sawBytes = true;
        waitingSince = System.nanoTime();
        Phase now = phase();
        if (now == before) {
            return;
        }
        if (now == Phase.HEAD) {
            headStartedAt = waitingSince;
            schedule(ctx, headNanos);
        } else if (now == Phase.BODY) {
            schedule(ctx, bodyIdleNanos);
        } else {
            cancelTimer(); // between requests the client idle timeout applies
        }
    }

    private void schedule(ChannelHandlerContext ctx, long nanos) {
        cancelTimer();
        timer = ctx.executor().schedule(() -> checkDeadline(ctx), Math.max(nanos, 1), TimeUnit.NANOSECONDS);
    }

    /**
     * One timer per head or body, not per read: it looks at where the connection is when it fires,
     * and arms itself again for what is left. Only time the element spent waiting for the client
     * (a read asked for and not answered) counts against it.
     */
    private void checkDeadline(ChannelHandlerContext ctx) {
        timer = null;
        if (refused || !ctx.channel().isActive() || reader.passedThrough()) {
            return;
        }
        long now = System.nanoTime();
        Phase phase = phase();
        if (phase == Phase.BETWEEN) {
            return;
        }
        long bound = phase == Phase.HEAD ? headNanos : bodyIdleNanos;
        long left = (phase == Phase.HEAD ? headStartedAt : waitingSince) + bound - now;
        if (left > 0) {
            schedule(ctx, left);
        } else if (!readPending) {
            schedule(ctx, bound); // the element was not reading: not the client's delay
        } else {
            refuse(ctx, timeout(phase == Phase.HEAD
                    ? "the request head did not arrive within " + Duration.ofNanos(headNanos).toMillis() + " ms"
                    : "the request body made no progress for " + Duration.ofNanos(bodyIdleNanos).toMillis() + " ms"));
        }
    }

    private static FramingViolation timeout(String message) {
        return new FramingViolation(408, "request_timeout", message);
    }

    private void refuse(ChannelHandlerContext ctx, FramingViolation violation) {
        refused = true;
        cancelTimer();
        ctx.fireChannelRead(violation);
        ctx.fireChannelReadComplete();
    }

    private void stepAside(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.pipeline().remove(this);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        if (prefaceCheck != null) {
            ReferenceCountUtil.release(prefaceCheck);
            prefaceCheck = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }
}
