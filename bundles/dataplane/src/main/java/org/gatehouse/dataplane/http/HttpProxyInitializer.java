package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.config.Limits;
import org.gatehouse.dataplane.http1.Http1FramingGuard;

/**
 * Pipeline of a connection to an {@code http} listener: HTTP/1.1, or HTTP/2 over cleartext
 * (h2c) by prior knowledge or by {@code Upgrade: h2c}.
 *
 * <pre>{@code
 * serverBootstrap.childHandler(new HttpProxyInitializer(new ListenerContext("public", "http", snapshots::get)));
 * }</pre>
 */
public final class HttpProxyInitializer extends ChannelInitializer<SocketChannel> {
    /** An h2c upgrade request is held whole while switching; it is not meant to carry big bodies. */
    private static final int MAX_UPGRADE_REQUEST_BYTES = 65536;

    private final ListenerContext listener;
    private final HttpRequestNormalizer normalizer;

    public HttpProxyInitializer(ListenerContext listener) {
        this.listener = listener;
        this.normalizer = new HttpRequestNormalizer(listener.scheme());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        Limits limits = listener.snapshot().get().limits();
        HttpServerCodec http1 = serverCodec(limits);
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1,
                protocol -> AsciiString.contentEquals("h2c", protocol) ? Http2ConnectionInitializer.upgradeCodec(listener) : null,
                MAX_UPGRADE_REQUEST_BYTES);
        // fires an idle event after client-idle-timeout without traffic; the proxy closes if no exchange is open
        ch.pipeline().addLast("idle", idleHandler(limits));
        // strict RFC 9112 framing and the slow-client deadlines; steps aside for an HTTP/2 preface or h2c upgrade
        ch.pipeline().addLast("framing", framingGuard(limits, true));
        // HTTP/2 preface -> HTTP/2 pipeline; anything else -> HTTP/1.1 codec, which may still upgrade to h2c
        ch.pipeline().addLast("h2c-or-http1", new CleartextHttp2ServerUpgradeHandler(http1, upgrade, new Http2ConnectionInitializer(listener)));
        // once the connection switched to HTTP/2: removes the three HTTP/1.1 stages below and itself
        ch.pipeline().addLast("h2-handoff", new Http2Handoff("timing", "normalize", "proxy"));
        // times each answer into the listener's histogram
        ch.pipeline().addLast("timing", new ResponseTiming(listener.traffic().timer(listener.name())));
        // the one normalized view of each request head (shared: it keeps no state)
        ch.pipeline().addLast("normalize", normalizer);
        // the HTTP/1.1 proxy: flows, routing, upstream exchanges
        ch.pipeline().addLast("proxy", new HttpProxyHandler(listener));
    }

    /**
     * Netty's decoder only ever sees bytes the framing guard accepted; its own strict options are
     * set as well, so that it refuses rather than repairs whatever the guard would let through.
     */
    static HttpServerCodec serverCodec(Limits limits) {
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(limits.maxChunkSize())
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true));
    }

    static Http1FramingGuard framingGuard(Limits limits, boolean h2cPreface) {
        return new Http1FramingGuard(limits.maxInitialLineLength(), limits.maxHeaderSize(), limits.requestHeadTimeout(),
                limits.requestBodyIdleTimeout(), h2cPreface);
    }

    static IdleStateHandler idleHandler(Limits limits) {
        return new IdleStateHandler(0, 0, limits.clientIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
