package org.gatehouse.channels.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.gatehouse.channels.identity.InstanceIdentity;
import org.gatehouse.channels.identity.InstanceIdentityException;
import org.gatehouse.channels.policy.Answer;
import org.gatehouse.channels.policy.ChannelDecision;
import org.gatehouse.channels.policy.ChannelPolicy;
import org.gatehouse.channels.policy.ChannelRequest;
import org.gatehouse.channels.policy.ConnectionCounts;
import org.gatehouse.channels.policy.Protocol;
import org.gatehouse.channels.policy.Side;
import org.gatehouse.channels.tunnel.ChannelClosed;
import org.gatehouse.channels.tunnel.CloseReason;
import org.gatehouse.channels.tunnel.TunnelChannel;
import org.gatehouse.channels.tunnel.TunnelFrameDecoder;
import org.gatehouse.channels.tunnel.TunnelFrameEncoder;
import org.gatehouse.channels.tunnel.TunnelHandler;
import org.gatehouse.channels.tunnel.TunnelListener;
import org.gatehouse.channels.tunnel.TunnelSettings;
import org.gatehouse.dataplane.spi.ChannelRefusedException;
import org.gatehouse.dataplane.spi.ChannelSource;
import org.gatehouse.dataplane.spi.ChannelTarget;

/**
 * The ingress side (docs/channels.md "In the element"): for a request routed to a channel member,
 * identify the client by its certificate, decide with this element's policy (deny: 403
 * {@code channel_denied}; a qualified channel's commands: 403 {@code channel_command_denied}),
 * take a connection lease, open a channel to the peer element with the identity asserted in its
 * signed OPEN, and hand the data plane a connection whose bytes travel sealed in that channel.
 *
 * <p>That connection is a loopback TCP connection from the data plane's event loop to the
 * gateway's door on 127.0.0.1, so the data plane's handlers keep running on their own loop (Netty
 * 4.2's in-process {@code LocalChannel} does not register on NIO loops). The door takes only the
 * connections the gateway itself makes: each binds its source port first and is expected by it;
 * any other connection is closed at once.
 *
 * <p>One tunnel connection (mutual TLS) per peer element carries every channel to it. A channel
 * carries one request: the data plane never parks these connections, so no request of another
 * client can travel in a channel opened for this one.
 */
final class Ingress implements AutoCloseable {
    private final EventLoopGroup group;
    private final TunnelSettings settings;
    private final Supplier<ElementTls> tls;
    private final Supplier<ChannelPolicy> policy;
    private final ChannelEvents events;
    private final ConnectionCounts counts = new ConnectionCounts();
    private final Channel server;
    private final InetSocketAddress door;
    private final Map<Integer, Bridge> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Peer>> tunnels = new ConcurrentHashMap<>();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

    Ingress(EventLoopGroup group, TunnelSettings settings, Supplier<ElementTls> tls, Supplier<ChannelPolicy> policy, ChannelEvents events) {
        this.group = group;
        this.settings = settings;
        this.tls = tls;
        this.policy = policy;
        this.events = events;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel child) {
                        InetSocketAddress from = child.remoteAddress();
                        Bridge bridge = from.getAddress().isLoopbackAddress() ? pending.remove(from.getPort()) : null;
                        if (bridge == null) {
                            child.close(); // not a connection this gateway made
                            return;
                        }
                        child.pipeline().addLast("channel", bridge);
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
        this.door = (InetSocketAddress) server.localAddress();
    }

    Future<Channel> open(EventLoop loop, ChannelHandler pipeline, ChannelTarget target, ChannelSource source) {
        Promise<Channel> ready = loop.newPromise();
        ElementTls identity = tls.get();
        if (identity == null) {
            return ready.setFailure(new ChannelRefusedException(503, "channels_unavailable", "the element has no <channels> identity in force"));
        }
        InstanceIdentity who;
        try {
            who = identify(source, target);
        } catch (ChannelRefusedException e) {
            return ready.setFailure(e);
        }
        ChannelDecision decision = policy.get().decide(ChannelRequest.of(Side.INGRESS, who, target.service(), target.port(), Protocol.HTTP,
                events.clock(), counts));
        Optional<ChannelRefusedException> refusal = refusal(decision, source, who, target);
        if (refusal.isPresent()) {
            return ready.setFailure(refusal.get());
        }
        Optional<ConnectionCounts.Lease> lease = counts.acquire(decision);
        if (lease.isEmpty()) {
            events.denied("ingress", who.key(), target.service(), target.port(), "denied [connection-limit] rule [" + decision.rule() + "]");
            return ready.setFailure(new ChannelRefusedException(403, "channel_denied", "ingress: connection limit of rule " + decision.rule()));
        }
        byte[] assertion = new ChannelAssertion(who, target.service(), target.port()).encode();
        tunnel(target, identity).thenCompose(p -> p.handler().open(assertion).thenApply(c -> new Opened(p, c))).whenComplete((opened, failure) -> {
            if (failure != null) {
                lease.get().close();
                ready.tryFailure(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            String peer = opened.peer().handler().peerCertificate().getSubjectX500Principal().getName();
            Bridge bridge = new Bridge(opened.channel(), lease.get());
            opened.peer().listener().bridges.put(opened.channel().id(), bridge);
            events.opened(new OpenChannel("ingress", peer, who.key(), target.service(), target.port(), decision.rule(), Instant.now(events.clock()),
                    opened.channel()), decision);
            connectLocal(loop, pipeline, bridge, ready);
        });
        return ready;
    }

    private record Opened(Peer peer, TunnelChannel channel) {
    }

    /** One tunnel connection to a peer element and its channels. */
    private record Peer(TunnelHandler handler, PeerListener listener) {
    }

    private InstanceIdentity identify(ChannelSource source, ChannelTarget target) throws ChannelRefusedException {
        if (source.certificate() == null) {
            events.denied("ingress", "(no certificate)", target.service(), target.port(), "denied [no-client-certificate]");
            throw new ChannelRefusedException(403, "channel_denied", "ingress: the client presented no certificate to identify it by");
        }
        try {
            return InstanceIdentity.of(source.certificate());
        } catch (InstanceIdentityException e) {
            events.denied("ingress", source.certificate().getSubjectX500Principal().getName(), target.service(), target.port(),
                    "denied [bad-identity] " + e.getMessage());
            throw new ChannelRefusedException(403, "channel_denied", "ingress: " + e.getMessage());
        }
    }

    /** The policy's no, or a qualified channel that does not allow this request's command. */
    private Optional<ChannelRefusedException> refusal(ChannelDecision decision, ChannelSource source, InstanceIdentity who, ChannelTarget target) {
        if (decision.answer() == Answer.DENY) {
            events.denied("ingress", who.key(), target.service(), target.port(), decision.toString());
            return Optional.of(new ChannelRefusedException(403, "channel_denied", "ingress: " + decision));
        }
        if (!decision.commands().allowsHttp(source.method(), source.path())) {
            String detail = "denied [command] rule [" + decision.rule() + "] request [" + source.method() + " " + source.path() + "]";
            events.denied("ingress", who.key(), target.service(), target.port(), detail);
            return Optional.of(new ChannelRefusedException(403, "channel_command_denied", "ingress: " + detail));
        }
        return Optional.empty();
    }

    /** The tunnel connection to the peer element, made once and shared by every channel to it. */
    private CompletableFuture<Peer> tunnel(ChannelTarget target, ElementTls identity) {
        String key = target.peerAddress() + "|" + target.peerPort() + "|" + target.peerName();
        CompletableFuture<Peer> existing = tunnels.get(key);
        if (existing != null && !existing.isCompletedExceptionally()) {
            return existing;
        }
        CompletableFuture<Peer> fresh = new CompletableFuture<>();
        if (existing == null ? tunnels.putIfAbsent(key, fresh) != null : !tunnels.replace(key, existing, fresh)) {
            return tunnels.get(key);
        }
        PeerListener listener = new PeerListener();
        TunnelHandler handler = new TunnelHandler(settings, identity.identity(), listener);
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(Math.min(Integer.MAX_VALUE, target.connectTimeout().toMillis())))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // mutual TLS with the peer element: its certificate chains to trusted-element-cas and names peer-name
                        ch.pipeline().addLast("tls", identity.clientHandler(ch.alloc(), target.peerName(), target.peerPort()));
                        ch.pipeline().addLast("frames-in", new TunnelFrameDecoder(settings.maxFrameBytes()));
                        ch.pipeline().addLast("frames-out", new TunnelFrameEncoder(settings.maxFrameBytes()));
                        ch.pipeline().addLast("tunnel", handler);
                    }
                })
                .connect(target.peerAddress(), target.peerPort()).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        tunnels.remove(key, fresh);
                        fresh.completeExceptionally(f.cause());
                        return;
                    }
                    connections.add(f.channel());
                    f.channel().closeFuture().addListener(closed -> {
                        tunnels.remove(key, fresh);
                        connections.remove(f.channel());
                    });
                    handler.ready().whenComplete((t, e) -> {
                        if (e != null) {
                            tunnels.remove(key, fresh);
                            fresh.completeExceptionally(e);
                        } else {
                            fresh.complete(new Peer(t, listener));
                        }
                    });
                });
        return fresh;
    }

    /** The data plane's end: registered on its loop, bound to a loopback port the door then expects, connected. */
    private void connectLocal(EventLoop loop, ChannelHandler pipeline, Bridge bridge, Promise<Channel> ready) {
        ChannelFuture registered = new Bootstrap().group(loop).channel(NioSocketChannel.class).option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true).handler(pipeline).register();
        registered.addListener((ChannelFuture r) -> {
            if (!r.isSuccess()) {
                failLocal(bridge, ready, r.cause());
                return;
            }
            Channel client = r.channel();
            client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).addListener((ChannelFuture b) -> {
                if (!b.isSuccess()) {
                    client.close();
                    failLocal(bridge, ready, b.cause());
                    return;
                }
                int port = ((InetSocketAddress) client.localAddress()).getPort();
                pending.put(port, bridge);
                client.connect(door).addListener((ChannelFuture c) -> {
                    Throwable early = c.isSuccess() ? bridge.attach(client) : null;
                    if (c.isSuccess() && early == null) {
                        ready.trySuccess(client);
                    } else if (early != null) {
                        // the channel closed (the peer refused it, say) before the connection stood
                        client.close();
                        ready.tryFailure(early);
                    } else {
                        pending.remove(port);
                        client.close();
                        failLocal(bridge, ready, c.cause());
                    }
                });
            });
        });
    }

    private static void failLocal(Bridge bridge, Promise<Channel> ready, Throwable cause) {
        bridge.channel.close();
        ready.tryFailure(cause);
    }

    /** Channels on connections this element opened come from this element only. */
    private final class PeerListener implements TunnelListener {
        private final Map<Long, Bridge> bridges = new ConcurrentHashMap<>();

        @Override
        public void data(TunnelChannel channel, byte[] data) {
            Bridge bridge = bridges.get(channel.id());
            if (bridge != null) {
                bridge.toClient(data);
            }
        }

        @Override
        public void opened(TunnelChannel channel) {
            if (!channel.opener()) {
                channel.refuse("this element takes channels on its channel listeners only");
            }
        }

        @Override
        public void closed(ChannelClosed event) {
            Bridge bridge = bridges.remove(event.channelId());
            if (bridge != null) {
                events.closed(bridge.channel, event);
                bridge.closed(event);
            }
        }
    }

    /**
     * The gateway's end of the in-process connection: the data plane's request bytes go sealed
     * into the channel, the channel's bytes come back as the response.
     */
    private static final class Bridge extends ChannelInboundHandlerAdapter {
        private final TunnelChannel channel;
        private final ConnectionCounts.Lease lease;
        private volatile ChannelHandlerContext ctx;
        private Channel client;
        private boolean ended;
        private Throwable ending;

        Bridge(TunnelChannel channel, ConnectionCounts.Lease lease) {
            this.channel = channel;
            this.lease = lease;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            try {
                if (message instanceof ByteBuf bytes) {
                    channel.send(ByteBufUtil.getBytes(bytes)).exceptionally(e -> {
                        context.close();
                        return null;
                    });
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            channel.close();
        }

        /** The data plane's connection stands; the reason the channel ended if it already did, else null. */
        synchronized Throwable attach(Channel connection) {
            if (ended) {
                return ending;
            }
            client = connection;
            return null;
        }

        void toClient(byte[] data) {
            ChannelHandlerContext context = ctx;
            if (context != null) {
                context.writeAndFlush(Unpooled.wrappedBuffer(data));
            }
        }

        /**
         * The channel closed: a refusal by the peer element before any answer reaches the data
         * plane as a {@link ChannelRefusedException} (403); anything else closes the connection.
         */
        void closed(ChannelClosed event) {
            lease.close();
            boolean refused = event.reason() == CloseReason.PEER && event.detail().startsWith("the peer closed it: " + CloseReason.REFUSED)
                    && event.bytesReceived() == 0;
            String code = event.detail().contains("denied [command]") ? "channel_command_denied" : "channel_denied";
            Throwable why = refused ? new ChannelRefusedException(403, code, "egress: " + event.detail())
                    : new java.io.IOException("channel " + event.channelId() + " closed: " + event.detail());
            Channel dataPlane;
            synchronized (this) {
                ended = true;
                ending = why;
                dataPlane = client;
            }
            if (dataPlane == null) {
                return; // the connection is not there yet: attach() fails it with the reason
            }
            if (refused) {
                dataPlane.pipeline().fireExceptionCaught(why);
                return;
            }
            ChannelHandlerContext context = ctx;
            if (context != null) {
                context.close();
            } else if (dataPlane != null) {
                dataPlane.close();
            }
        }
    }

    /** Closes the in-process server and every tunnel connection (their channels close with them). */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        tunnels.clear();
        connections.forEach(c -> c.close().syncUninterruptibly());
    }
}
