package org.gatehouse.dataplane.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.http1.FramingViolation;

/**
 * Keeps the body deadline of one HTTP/2 stream, first in the stream's pipeline: while the element
 * waits for request body frames it asked for, the next must come within {@code bodyIdleTimeout}.
 * Otherwise a 408 {@link FramingViolation} goes to the proxy, which answers it if no response has
 * started (and resets the stream either way, aborting an exchange under way upstream), and the
 * connection goes away: GOAWAY, no new streams, closed once the streams under way are done, as an
 * HTTP/1.1 connection is closed after its 408.
 *
 * <p>Time the element did not read is never held against the client: a read not asked for
 * (backpressure, a slow upstream), and a flow-control window the element has not opened again
 * (RFC 9113 section 5.2), the stream's or the connection's, which other streams' unread bodies
 * may have used up.
 *
 * <pre>{@code
 * stream.pipeline().addLast(new Http2BodyDeadline(frames, Duration.ofSeconds(10)));
 * stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
 * }</pre>
 */
public final class Http2BodyDeadline extends ChannelDuplexHandler {
    private final Http2FrameCodec frames;
    private final long bodyIdleNanos;
    private boolean awaitingBody;
    private boolean readPending;
    private long waitingSince;
    private boolean refused;
    private ScheduledFuture<?> timer;

    /**
     * @param frames          the connection's codec, whose flow-control windows tell whether the client can send
     * @param bodyIdleTimeout {@code request-body-idle-timeout}
     */
    public Http2BodyDeadline(Http2FrameCodec frames, Duration bodyIdleTimeout) {
        this.frames = Objects.requireNonNull(frames, "frames");
        if (bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
            throw new IllegalArgumentException("bodyIdleTimeout must be positive, was " + bodyIdleTimeout);
        }
        this.bodyIdleNanos = bodyIdleTimeout.toNanos();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!readPending) {
            readPending = true;
            waitingSince = System.nanoTime();
        }
        ctx.read();
    }

    /** A frame answers the read asked for: the wait is over, and the next one starts with the next read. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame) {
            readPending = false;
            waitingSince = System.nanoTime();
            if (endsStream((Http2StreamFrame) msg)) {
                awaitingBody = false;
                cancelTimer();
            } else if (msg instanceof Http2HeadersFrame && !awaitingBody) {
                awaitingBody = true; // the request head came without END_STREAM: a body follows
                schedule(ctx, bodyIdleNanos);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean endsStream(Http2StreamFrame frame) {
        return frame instanceof Http2HeadersFrame headers ? headers.isEndStream() : ((Http2DataFrame) frame).isEndStream();
    }

    private void schedule(ChannelHandlerContext ctx, long nanos) {
        cancelTimer();
        timer = ctx.executor().schedule(() -> checkDeadline(ctx), Math.max(nanos, 1), TimeUnit.NANOSECONDS);
    }

    /** One timer per body, not per frame: it arms itself again for what is left when it fires early. */
    private void checkDeadline(ChannelHandlerContext ctx) {
        timer = null;
        if (refused || !awaitingBody || !ctx.channel().isActive()) {
            return;
        }
        long left = waitingSince + bodyIdleNanos - System.nanoTime();
        if (left > 0) {
            schedule(ctx, left);
        } else if (!readPending || !clientCanSend(ctx.channel())) {
            // the element holds the client back: not the client's delay. Looked at again soon, so
            // that a client let go again has (nearly) the whole bound from then on
            waitingSince = System.nanoTime();
            schedule(ctx, bodyIdleNanos / 4);
        } else {
            refuse(ctx);
        }
    }

    private boolean clientCanSend(Channel channel) {
        Http2Connection connection = frames.connection();
        Http2Stream stream = connection.stream(((Http2StreamChannel) channel).stream().id());
        return stream != null && connection.local().flowController().windowSize(stream) > 0
                && connection.local().flowController().windowSize(connection.connectionStream()) > 0;
    }

    private void refuse(ChannelHandlerContext ctx) {
        refused = true;
        ctx.fireChannelRead(new FramingViolation(408, "request_timeout",
                "the request body made no progress for " + Duration.ofNanos(bodyIdleNanos).toMillis() + " ms"));
        ctx.fireChannelReadComplete();
        ctx.channel().parent().close(); // GOAWAY; the codec closes once the streams under way are done
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
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }
}
