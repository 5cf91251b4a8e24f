package org.gatehouse.dataplane.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the request-head deadline of an HTTP/2 connection. It sits in front of the frame codec and
 * reads only the frame headers going by (RFC 9113 section 4.1), passing every byte on unchanged:
 * Netty's codec assembles a header block before anything else sees it, so a block that never ends
 * would otherwise be invisible.
 *
 * <ul>
 *   <li>A header block (HEADERS and CONTINUATION frames up to END_HEADERS) must be complete within
 *   {@code headTimeout} of its first byte. Otherwise its stream is reset with REFUSED_STREAM
 *   (nothing of it was processed) and the connection goes away: while a block is open no other
 *   frame may come (RFC 9113 section 6.10), so the connection cannot serve anything else.</li>
 *   <li>A connection must bring its first complete request head within {@code headTimeout} of its
 *   start; one that sends only the preface, SETTINGS or PINGs goes away.</li>
 * </ul>
 *
 * <p>Going away is GOAWAY (NO_ERROR, the last stream the element took) and a close once the
 * streams under way are done. Each refusal is reported once to {@code refused}.
 *
 * <pre>{@code
 * Http2FrameCodec frames = Http2FrameCodecBuilder.forServer().build();
 * pipeline.addLast(new Http2HeadDeadline(frames, Duration.ofSeconds(10), counter::increment));
 * pipeline.addLast(frames);
 * }</pre>
 */
public final class Http2HeadDeadline extends ChannelInboundHandlerAdapter {
    private static final int PREFACE_LENGTH = Http2CodecUtil.connectionPrefaceBuf().readableBytes();
    private static final int FRAME_HEADER_LENGTH = Http2CodecUtil.FRAME_HEADER_LENGTH;
    private static final int HEADERS = 0x1;
    private static final int CONTINUATION = 0x9;
    private static final int END_HEADERS = 0x4;

    private final Http2FrameCodec frames;
    private final long headNanos;
    private final Runnable refused;

    // where the reader is in the byte stream
    private int prefaceLeft = PREFACE_LENGTH;
    private final byte[] frameHeader = new byte[FRAME_HEADER_LENGTH];
    private int frameHeaderRead;
    private long frameStartedAt;
    private long payloadLeft;

    // the header block being received, if any
    private int blockStream;
    private long blockStartedAt;
    private boolean blockEndsWithFrame;

    private long startedAt;
    private ScheduledFuture<?> timer;
    private boolean done;

    /**
     * @param frames      the connection's codec, which comes right after this handler
     * @param headTimeout {@code request-head-timeout}
     * @param refused     told once when a deadline closes the connection
     */
    public Http2HeadDeadline(Http2FrameCodec frames, Duration headTimeout, Runnable refused) {
        this.frames = Objects.requireNonNull(frames, "frames");
        if (headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("headTimeout must be positive, was " + headTimeout);
        }
        this.headNanos = headTimeout.toNanos();
        this.refused = Objects.requireNonNull(refused, "refused");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (startedAt == 0) {
            startedAt = System.nanoTime();
            schedule(ctx, headNanos);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!done && msg instanceof ByteBuf) {
            scan(ctx, (ByteBuf) msg);
        }
        ctx.fireChannelRead(msg);
    }

    /** Follows the frame boundaries through these bytes without reading them (the codec does). */
    private void scan(ChannelHandlerContext ctx, ByteBuf bytes) {
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        if (prefaceLeft > 0) {
            int skipped = Math.min(prefaceLeft, end - at);
            prefaceLeft -= skipped;
            at += skipped;
        }
        long now = System.nanoTime();
        while (at < end) {
            if (payloadLeft > 0) {
                int skipped = (int) Math.min(payloadLeft, end - at);
                payloadLeft -= skipped;
                at += skipped;
                if (payloadLeft == 0) {
                    frameEnded();
                }
                continue;
            }
            if (frameHeaderRead == 0) {
                frameStartedAt = now;
            }
            frameHeader[frameHeaderRead++] = bytes.getByte(at++);
            if (frameHeaderRead == FRAME_HEADER_LENGTH) {
                frameHeaderRead = 0;
                frameHeaderRead(ctx);
            }
        }
    }

    private void frameHeaderRead(ChannelHandlerContext ctx) {
        int length = (frameHeader[0] & 0xff) << 16 | (frameHeader[1] & 0xff) << 8 | frameHeader[2] & 0xff;
        int type = frameHeader[3] & 0xff;
        boolean endHeaders = (frameHeader[4] & END_HEADERS) != 0;
        int stream = (frameHeader[5] & 0x7f) << 24 | (frameHeader[6] & 0xff) << 16 | (frameHeader[7] & 0xff) << 8
                | frameHeader[8] & 0xff;
        if (type == HEADERS) {
            blockStream = stream;
            blockStartedAt = frameStartedAt;
            if (timer == null) {
                schedule(ctx, headNanos);
            }
        }
        blockEndsWithFrame = blockStream != 0 && (type == HEADERS || type == CONTINUATION) && endHeaders;
        payloadLeft = length;
        if (length == 0) {
            frameEnded();
        }
    }

    private void frameEnded() {
        if (blockEndsWithFrame) {
            blockEndsWithFrame = false;
            blockStream = 0;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long nanos) {
        timer = ctx.executor().schedule(() -> checkDeadline(ctx), Math.max(nanos, 1), TimeUnit.NANOSECONDS);
    }

    /**
     * One timer at a time, armed no later than any deadline it stands for: it looks at where the
     * connection is when it fires, and arms itself again for what is left.
     */
    private void checkDeadline(ChannelHandlerContext ctx) {
        timer = null;
        if (done || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (blockStream != 0) {
            long left = blockStartedAt + headNanos - now;
            if (left > 0) {
                schedule(ctx, left);
            } else {
                goAway(ctx, blockStream, "the request head of stream " + blockStream + " did not arrive within "
                        + millis() + " ms");
            }
        } else if (frames.connection().remote().lastStreamCreated() == 0) {
            long left = startedAt + headNanos - now;
            if (left > 0) {
                schedule(ctx, left);
            } else {
                goAway(ctx, 0, "no request head within " + millis() + " ms");
            }
        }
        // otherwise nothing is pending: the next HEADERS frame arms the timer again
    }

    /** Resets the stalled stream (when there is one) and sends the connection away. */
    private void goAway(ChannelHandlerContext ctx, int stalledStream, String why) {
        done = true;
        refused.run();
        ChannelHandlerContext codec = ctx.pipeline().context(frames);
        if (stalledStream != 0) {
            frames.resetStream(codec, stalledStream, Http2Error.REFUSED_STREAM.code(), codec.newPromise());
        }
        frames.goAway(codec, frames.connection().remote().lastStreamCreated(), Http2Error.NO_ERROR.code(),
                ByteBufUtil.writeAscii(ctx.alloc(), why), codec.newPromise());
        ctx.channel().close(); // flushes both frames; the codec closes once the streams under way are done
    }

    private long millis() {
        return Duration.ofNanos(headNanos).toMillis();
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

    private void cancelTimer() {
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
