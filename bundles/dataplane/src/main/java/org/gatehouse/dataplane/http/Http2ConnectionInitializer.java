package org.gatehouse.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.timeout.IdleStateEvent;
import org.gatehouse.dataplane.config.Limits;

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
 */
final class Http2ConnectionInitializer extends ChannelInitializer<Channel> {
    static final int MAX_RESETS = 100;
    static final int RESET_WINDOW_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane.http2");
    private final ListenerContext listener;

    Http2ConnectionInitializer(ListenerContext listener) {
        this.listener = listener;
    }

    @Override
    protected void initChannel(Channel ch) {
        Http2FrameCodec frames = frameCodec(listener.snapshot().get().limits());
        // HTTP/2 framing, SETTINGS with the limits, flow control
        ch.pipeline().addLast("h2", frames);
        // one child channel per stream, each with the HTTP proxy
        ch.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new Http2StreamInitializer(listener)));
        // closes the connection once idle with no open stream, and on a connection error
        ch.pipeline().addLast("h2-idle", new IdleCloser(frames, listener));
    }

    /** The codec that answers {@code Upgrade: h2c} (RFC 7540 section 3.2) on a cleartext listener. */
    static Http2ServerUpgradeCodec upgradeCodec(ListenerContext listener) {
        Http2FrameCodec frames = frameCodec(listener.snapshot().get().limits());
        return new Http2ServerUpgradeCodec(frames, new Http2MultiplexHandler(new Http2StreamInitializer(listener)),
                new IdleCloser(frames, listener));
    }

    static Http2FrameCodec frameCodec(Limits limits) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderSize());
        return Http2FrameCodecBuilder.forServer().initialSettings(settings)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS).build();
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
