package org.gatehouse.channels.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.gatehouse.channels.policy.ChannelPolicy;
import org.gatehouse.channels.policy.ConnectionCounts;
import org.gatehouse.channels.tunnel.TunnelFrameDecoder;
import org.gatehouse.channels.tunnel.TunnelFrameEncoder;
import org.gatehouse.channels.tunnel.TunnelHandler;
import org.gatehouse.channels.tunnel.TunnelSettings;

/**
 * The channel listeners of the element (docs/channels.md "In the element"): each takes tunnel
 * connections from peer elements (mutual TLS; the peer's certificate chains to
 * trusted-element-cas), and each channel a peer opens is decided again here, as the egress side,
 * for the identity the peer asserted in its signed OPEN ({@link EgressChannel}).
 */
final class Egress implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.channels");

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final TunnelSettings settings;
    private final Supplier<ElementTls> tls;
    private final Supplier<ChannelPolicy> policy;
    private final ChannelEvents events;
    private final ConnectionCounts counts = new ConnectionCounts();
    private final Map<String, Bound> listeners = new LinkedHashMap<>();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

    /** A bound channel listener and the address it was asked for. */
    private record Bound(InetSocketAddress wanted, Channel channel) {
    }

    Egress(EventLoopGroup acceptors, EventLoopGroup workers, TunnelSettings settings, Supplier<ElementTls> tls, Supplier<ChannelPolicy> policy,
            ChannelEvents events) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.settings = settings;
        this.tls = tls;
        this.policy = policy;
        this.events = events;
    }

    /**
     * Binds the listeners that are new or moved and closes those gone; accepted tunnel connections
     * stay. New listeners that cannot bind are closed again and the exception says which.
     */
    synchronized void listen(Map<String, InetSocketAddress> wanted) throws Exception {
        Map<String, Bound> fresh = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, InetSocketAddress> e : wanted.entrySet()) {
                Bound current = listeners.get(e.getKey());
                if (current == null || !current.wanted().equals(e.getValue())) {
                    fresh.put(e.getKey(), bind(e.getKey(), e.getValue()));
                }
            }
        } catch (Exception e) {
            fresh.values().forEach(b -> b.channel().close().syncUninterruptibly());
            throw e;
        }
        for (Map.Entry<String, Bound> e : Map.copyOf(listeners).entrySet()) {
            if (!wanted.containsKey(e.getKey()) || fresh.containsKey(e.getKey())) {
                e.getValue().channel().close().syncUninterruptibly();
                listeners.remove(e.getKey());
                LOG.log(Level.INFO, "channel listener {0} closed", e.getKey());
            }
        }
        listeners.putAll(fresh);
    }

    /** Where each channel listener is bound. */
    synchronized Map<String, InetSocketAddress> boundAddresses() {
        Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
        listeners.forEach((name, b) -> bound.put(name, (InetSocketAddress) b.channel().localAddress()));
        return bound;
    }

    private Bound bind(String name, InetSocketAddress address) throws Exception {
        Channel channel;
        try {
            channel = new ServerBootstrap().group(acceptors, workers).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accepted(ch);
                        }
                    }).bind(address.getHostString(), address.getPort()).syncUninterruptibly().channel();
        } catch (Exception e) { // sync() rethrows the bind's checked exception undeclared
            throw new Exception("channel listener " + name + " cannot bind " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "channel listener {0} bound on {1}", name, channel.localAddress());
        return new Bound(address, channel);
    }

    private void accepted(SocketChannel ch) {
        ElementTls identity = tls.get();
        if (identity == null) {
            ch.close();
            return;
        }
        connections.add(ch);
        ch.closeFuture().addListener(f -> connections.remove(ch));
        // mutual TLS: the peer element's certificate must chain to trusted-element-cas
        ch.pipeline().addLast("tls", identity.server().newHandler(ch.alloc()));
        ch.pipeline().addLast("frames-in", new TunnelFrameDecoder(settings.maxFrameBytes()));
        ch.pipeline().addLast("frames-out", new TunnelFrameEncoder(settings.maxFrameBytes()));
        EgressChannel.Listener listener = new EgressChannel.Listener(ch.eventLoop(), policy, counts, events);
        TunnelHandler tunnel = new TunnelHandler(settings, identity.identity(), listener);
        listener.tunnel(tunnel);
        ch.pipeline().addLast("tunnel", tunnel);
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(b -> b.channel().close().syncUninterruptibly());
        listeners.clear();
        connections.forEach(c -> c.close().syncUninterruptibly());
    }
}
