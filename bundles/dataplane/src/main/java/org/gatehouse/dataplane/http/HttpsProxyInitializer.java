package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import org.gatehouse.dataplane.config.Limits;

/**
 * Pipeline of a connection to an {@code https} listener: TLS, then HTTP/2 or HTTP/1.1 as ALPN
 * (RFC 7301) decided; a client that offers no ALPN gets HTTP/1.1.
 *
 * <pre>{@code
 * serverBootstrap.childHandler(new HttpsProxyInitializer(context, sslContext));
 * }</pre>
 */
public final class HttpsProxyInitializer extends ChannelInitializer<SocketChannel> {
    private final ListenerContext listener;
    private final SslContext tls;
    private final HttpRequestNormalizer normalizer;

    public HttpsProxyInitializer(ListenerContext listener, SslContext tls) {
        this.listener = listener;
        this.tls = tls;
        this.normalizer = new HttpRequestNormalizer(listener.scheme());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        Limits limits = listener.snapshot().get().limits();
        // TLS termination, client certificate check when configured
        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        // idle events after client-idle-timeout without traffic
        ch.pipeline().addLast("idle", HttpProxyInitializer.idleHandler(limits));
        // after the handshake: h2 or http/1.1 pipeline
        ch.pipeline().addLast("alpn", new ProtocolChoice(limits));
    }

    private final class ProtocolChoice extends ApplicationProtocolNegotiationHandler {
        private final Limits limits;

        ProtocolChoice(Limits limits) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.limits = limits;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                ctx.pipeline().addLast("h2-setup", new Http2ConnectionInitializer(listener));
                return;
            }
            // strict RFC 9112 framing and the slow-client deadlines
            ctx.pipeline().addLast("framing", HttpProxyInitializer.framingGuard(limits, false));
            // HTTP/1.1 framing with the element's limits
            ctx.pipeline().addLast("http1", HttpProxyInitializer.serverCodec(limits));
            // times each answer into the listener's histogram
            ctx.pipeline().addLast("timing", new ResponseTiming(listener.traffic().timer(listener.name())));
            // the one normalized view of each request head (shared: it keeps no state)
            ctx.pipeline().addLast("normalize", normalizer);
            // the proxy itself: flows, routing, upstream exchanges
            ctx.pipeline().addLast("proxy", new HttpProxyHandler(listener));
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a failed handshake (e.g. a missing client certificate) is the client's problem
        }
    }
}
