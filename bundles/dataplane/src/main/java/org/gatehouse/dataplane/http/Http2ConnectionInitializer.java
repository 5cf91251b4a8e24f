package org.gatehouse.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.timeout.IdleStateEvent;
import org.gatehouse.dataplane.config.Limits;
import org.gatehouse.dataplane.http2.Http2HeadDeadline;

/**
 * Turns a connection into an HTTP/2 server connection: frame codec with the element's limits,
 * one child channel per stream, and the idle rule. Used after TLS ALPN chose h2, for h2c prior
 * knowledge, and (through {@link #upgradeCodec}) for h2c by Upgrade.
 *
 * <p>Rapid reset (CVE-2023-44487): a client that opens streams and cancels them at once makes
 * the element start (and forward) work for each. More than {@value #MAX_RESETS} RST_STREAM frames
 * from a client within {@value #RESET_WINDOW_SECONDS} s is a connection error: GOAWAY
 * ENHANCE_YOUR_CALM, the connection closed, one log line and a count in the listener's refusals
 * ({@code h2_rapid_reset}); browsers cancel far fewer streams than that.
 *
 * <p>Slow clients: the connection's request heads keep {@code request-head-timeout}
 * ({@link Http2HeadDeadline}) and each stream's body {@code request-body-idle-timeout}
 * ({@link org.gatehouse.dataplane.http2.Http2BodyDeadline}); either refusal is counted as
 * {@value #TIMEOUT_REFUSAL} in the listener's refusals.
 */
final class Http2ConnectionInitializer extends ChannelInitializer<Channel> {
    static final int MAX_RESETS = 100;
    static final int RESET_WINDOW_SECONDS = 10;
    /** The h2 sibling of HTTP/1.1's {@code request_timeout} in the listener's refusals. */
    static final String TIMEOUT_REFUSAL = "h2_request_timeout";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane.http2");
    private final ListenerContext listener;

    Http2ConnectionInitializer(ListenerContext listener) {
        this.listener = listener;
    }

    @Override
    protected void initChannel(Channel ch) {
        Limits limits = listener.snapshot().get().limits();
        Http2FrameCodec frames = frameCodec(limits);
        // the request-head deadlines: reads the frame headers going by, before the codec assembles header blocks
        ch.pipeline().addLast("h2-head-deadline", headDeadline(frames, limits, listener));
        // HTTP/2 framing, SETTINGS with the limits, flow control
        ch.pipeline().addLast("h2", frames);
        // one child channel per stream, each with its body deadline and the HTTP proxy
        ch.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new Http2StreamInitializer(listener, frames)));
        // closes the connection once idle with no open stream, and on a connection error
        ch.pipeline().addLast("h2-idle", new IdleCloser(frames, listener));
    }

    /** The codec that answers {@code Upgrade: h2c} (RFC 7540 section 3.2) on a cleartext listener. */
    static Http2ServerUpgradeCodec upgradeCodec(ListenerContext listener) {
        Limits limits = listener.snapshot().get().limits();
        Http2FrameCodec frames = frameCodec(limits);
        return new UpgradeCodec(frames, headDeadline(frames, limits, listener),
                new Http2MultiplexHandler(new Http2StreamInitializer(listener, frames)), new IdleCloser(frames, listener));
    }

    private static Http2HeadDeadline headDeadline(Http2FrameCodec frames, Limits limits, ListenerContext listener) {
        return new Http2HeadDeadline(frames, limits.requestHeadTimeout(),
                () -> listener.traffic().refused(listener.name(), TIMEOUT_REFUSAL));
    }

    static Http2FrameCodec frameCodec(Limits limits) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderSize());
        return Http2FrameCodecBuilder.forServer().initialSettings(settings)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS).build();
    }

    /**
     * Netty's upgrade codec puts the frame codec and the handlers after it; the head deadline must
     * see the bytes before the codec does, so it goes in front of the codec once that is in place.
     */
    private static final class UpgradeCodec extends Http2ServerUpgradeCodec {
        private final Http2FrameCodec frames;
        private final Http2HeadDeadline headDeadline;

        UpgradeCodec(Http2FrameCodec frames, Http2HeadDeadline headDeadline, ChannelHandler... handlers) {
            super(frames, handlers);
            this.frames = frames;
            this.headDeadline = headDeadline;
        }

        @Override
        public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest upgradeRequest) {
            super.upgradeTo(ctx, upgradeRequest);
            ChannelHandlerContext codec = ctx.pipeline().context(frames);
            if (codec != null) {
                ctx.pipeline().addBefore(codec.name(), "h2-head-deadline", headDeadline);
            }
        }
    }

    /**
     * Closes an HTTP/2 connection on the client idle timeout, unless a stream is still open, and
     * ends the pipeline's error path: an error the codec could not keep to one stream (it has
     * sent GOAWAY) closes the connection with one line in the log, never a stack trace per
     * connection a client can cause at will.
     */
    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec frames;
        private final ListenerContext listener;

        IdleCloser(Http2FrameCodec frames, ListenerContext listener) {
            this.frames = frames;
            this.listener = listener;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Http2Exception error = cause instanceof Http2Exception h2 ? h2
                    : cause.getCause() instanceof Http2Exception h2 ? h2 : null;
            String code = error != null && error.error() == Http2Error.ENHANCE_YOUR_CALM ? "h2_rapid_reset" : "h2_connection_error";
            listener.traffic().refused(listener.name(), code);
            LOG.log(System.Logger.Level.INFO, "listener {0}: HTTP/2 connection from {1} closed: {2} ({3})", listener.name(),
                    ctx.channel().remoteAddress(), code, error != null ? error.getMessage() : cause.toString());
            if (error == null) {
                ctx.close();
            }
            // an HTTP/2 connection error: the codec sends its GOAWAY with the error code, then closes
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                if (frames.connection().numActiveStreams() == 0) {
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
