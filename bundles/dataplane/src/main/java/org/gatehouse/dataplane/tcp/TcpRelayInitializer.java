package org.gatehouse.dataplane.tcp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;
import org.gatehouse.dataplane.upstream.UpstreamPool;

/**
 * Pipeline of a connection to a {@code tcp} listener: optional TLS termination, then a byte
 * relay to a member of the listener's pool (over TLS when the pool has a {@code <tls>}).
 *
 * <pre>{@code
 * serverBootstrap.childHandler(new TcpRelayInitializer(() -> pools.get("postgres"), null));
 * }</pre>
 */
public final class TcpRelayInitializer extends ChannelInitializer<SocketChannel> {
    private final Supplier<UpstreamPool> pool;
    private final SslContext tls;

    /** @param tls the TLS to terminate, or null for plain TCP */
    public TcpRelayInitializer(Supplier<UpstreamPool> pool, SslContext tls) {
        this.pool = pool;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            // TLS termination; the member gets the bytes in the clear, or over the pool's own TLS
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        }
        // connects to a member, then relays both ways with backpressure
        ch.pipeline().addLast("relay", new TcpRelayHandler(pool.get()));
    }
}
