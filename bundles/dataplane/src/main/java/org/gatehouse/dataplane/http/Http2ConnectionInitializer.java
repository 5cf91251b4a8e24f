package org.gatehouse.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
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
 */
final class Http2ConnectionInitializer extends ChannelInitializer<Channel> {
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
        // closes the connection once idle with no open stream
        ch.pipeline().addLast("h2-idle", new IdleCloser(frames));
    }

    /** The codec that answers {@code Upgrade: h2c} (RFC 7540 section 3.2) on a cleartext listener. */
    static Http2ServerUpgradeCodec upgradeCodec(ListenerContext listener) {
        Http2FrameCodec frames = frameCodec(listener.snapshot().get().limits());
        return new Http2ServerUpgradeCodec(frames, new Http2MultiplexHandler(new Http2StreamInitializer(listener)), new IdleCloser(frames));
    }

    static Http2FrameCodec frameCodec(Limits limits) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderSize());
        return Http2FrameCodecBuilder.forServer().initialSettings(settings).build();
    }

    /** Closes an HTTP/2 connection on the client idle timeout, unless a stream is still open. */
    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec frames;

        IdleCloser(Http2FrameCodec frames) {
            this.frames = frames;
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
