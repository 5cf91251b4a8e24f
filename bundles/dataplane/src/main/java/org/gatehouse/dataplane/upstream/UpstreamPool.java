package org.gatehouse.dataplane.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gatehouse.dataplane.config.ChannelMemberConfig;
import org.gatehouse.dataplane.config.MemberConfig;
import org.gatehouse.dataplane.config.PoolConfig;
import org.gatehouse.dataplane.spi.ChannelGateway;
import org.gatehouse.dataplane.spi.ChannelRefusedException;
import org.gatehouse.dataplane.spi.ChannelSource;
import org.gatehouse.dataplane.spi.ChannelTarget;
import org.gatehouse.dataplane.tls.UpstreamTls;
import org.gatehouse.dataplane.tls.UpstreamTlsException;

/**
 * The members of one {@code <pool>}, how to choose among them, and their keep-alive HTTP/1.1
 * connections, over TLS when the pool has a {@code <tls>} ({@link UpstreamTls}, one per pool, so
 * sessions resume). Members start healthy; the {@link HealthChecker} takes them out and back.
 *
 * <pre>{@code
 * UpstreamPool pool = new UpstreamPool(config, workers);
 * pool.start();
 * pool.pick(List.of()).ifPresent(member -> pool.acquire(member, channel.eventLoop(), exchange));
 * }</pre>
 */
public final class UpstreamPool implements AutoCloseable {
    private static final int UPSTREAM_MAX_HEADER_SIZE = 65536;

    private final PoolConfig config;
    private final List<UpstreamMember> members;
    private final EventLoopGroup group;
    private final UpstreamTls tls;
    private final Supplier<ChannelGateway> gateway;
    private final Map<UpstreamMember, ChannelTarget> channelTargets;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private volatile boolean closed;
    private HealthChecker healthChecker;

    /** A pool speaking plain TCP to its members. */
    public UpstreamPool(PoolConfig config, EventLoopGroup group) {
        this(config, group, null);
    }

    /** A pool speaking TLS to its members through {@code tls} (built from {@code config.tls()}), or plain TCP when null. */
    public UpstreamPool(PoolConfig config, EventLoopGroup group, UpstreamTls tls) {
        this(config, group, tls, () -> null);
    }

    /**
     * A pool as above; when its members are channel members, each request's connection comes from
     * the channel gateway {@code gateway} gives (read per request; null while there is none).
     */
    public UpstreamPool(PoolConfig config, EventLoopGroup group, UpstreamTls tls, Supplier<ChannelGateway> gateway) {
        if ((tls == null) != (config.tls() == null)) {
            throw new IllegalArgumentException("pool " + config.name() + ": TLS context " + (tls == null ? "missing" : "given")
                    + " for a pool " + (config.tls() == null ? "without" : "with") + " <tls>");
        }
        this.config = config;
        this.group = group;
        this.tls = tls;
        this.gateway = gateway;
        List<UpstreamMember> list = new ArrayList<>();
        config.members().forEach(m -> list.add(new UpstreamMember(m)));
        Map<UpstreamMember, ChannelTarget> targets = new HashMap<>();
        for (ChannelMemberConfig c : config.channelMembers()) {
            UpstreamMember member = new UpstreamMember(new MemberConfig(c.peerAddress(), c.peerPort(), c.peerName()));
            list.add(member);
            targets.put(member, new ChannelTarget(c.peerAddress(), c.peerPort(), c.expectedPeerName(), c.service(), c.port(),
                    config.connectTimeout()));
        }
        this.members = List.copyOf(list);
        this.channelTargets = Map.copyOf(targets);
    }

    /** Starts the active health checks, when the pool has any. */
    public void start() {
        if (config.healthCheck() != null) {
            healthChecker = new HealthChecker(this, group.next());
            healthChecker.start();
        }
    }

    public PoolConfig config() {
        return config;
    }

    /** The pool's client TLS, or null when its members speak plain TCP. */
    public UpstreamTls tls() {
        return tls;
    }

    public String name() {
        return config.name();
    }

    public List<UpstreamMember> members() {
        return members;
    }

    /**
     * The next member to use, among the healthy ones not in {@code tried}: in turn for
     * round-robin, the one with the fewest active exchanges for least-connections (ties taken
     * in turn, so equal members share the load).
     */
    public Optional<UpstreamMember> pick(Collection<UpstreamMember> tried) {
        List<UpstreamMember> candidates = new ArrayList<>(members.size());
        for (UpstreamMember m : members) {
            if (m.healthy() && !tried.contains(m)) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int start = Math.floorMod(nextIndex.getAndIncrement(), candidates.size());
        if (config.balance() == PoolConfig.Balance.ROUND_ROBIN) {
            return Optional.of(candidates.get(start));
        }
        List<UpstreamMember> rotated = new ArrayList<>(candidates.subList(start, candidates.size()));
        rotated.addAll(candidates.subList(0, start));
        return rotated.stream().min(Comparator.comparingInt(UpstreamMember::activeConnections));
    }

    /**
     * Lends an HTTP connection to {@code member} on {@code loop}: a parked one when there is one,
     * else a new connection. The member counts as active until the lease is released.
     */
    public Future<UpstreamLease> acquire(UpstreamMember member, EventLoop loop, UpstreamListener listener) {
        if (config.throughChannels()) {
            throw new IllegalStateException("pool " + config.name() + " reaches its members through channels: acquire with the request's source");
        }
        Promise<UpstreamLease> promise = loop.newPromise();
        member.acquired();
        ArrayDeque<Channel> parked = member.idleOn(loop);
        Channel reusable;
        while ((reusable = parked.pollFirst()) != null) {
            member.parkedCount().decrementAndGet();
            if (reusable.isActive()) {
                UpstreamConnectionHandler.of(reusable).attach(listener);
                return promise.setSuccess(new UpstreamLease(this, member, reusable, true));
            }
        }
        open(member, loop, new HttpConnectionInitializer(), true).addListener((Future<Channel> f) -> {
            if (f.isSuccess()) {
                Channel fresh = f.getNow();
                // once per connection: a parked connection that closes leaves the deque and the count
                fresh.closeFuture().addListener(closed -> {
                    if (parked.remove(fresh)) {
                        member.parkedCount().decrementAndGet();
                    }
                });
                UpstreamConnectionHandler.of(fresh).attach(listener);
                promise.setSuccess(new UpstreamLease(this, member, fresh, false));
            } else {
                member.released();
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    /**
     * Lends a connection carrying one request through a channel to a channel member's target, for
     * {@code source} (docs/channels.md "In the element"). Never a parked one: a channel belongs to
     * one source and carries one request, so no other client's request can travel in it.
     */
    public Future<UpstreamLease> acquire(UpstreamMember member, EventLoop loop, UpstreamListener listener, ChannelSource source) {
        if (!config.throughChannels()) {
            return acquire(member, loop, listener);
        }
        Promise<UpstreamLease> promise = loop.newPromise();
        ChannelGateway current = gateway.get();
        if (current == null) {
            return promise.setFailure(new ChannelRefusedException(503, "channels_unavailable",
                    "pool " + config.name() + " reaches its members through channels, and no channel gateway is running"));
        }
        member.acquired();
        current.open(loop, new HttpConnectionInitializer(), channelTargets.get(member), source).addListener((Future<Channel> f) -> {
            if (f.isSuccess()) {
                UpstreamConnectionHandler.of(f.getNow()).attach(listener);
                promise.setSuccess(new UpstreamLease(this, member, f.getNow(), false));
            } else {
                member.released();
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    void release(UpstreamLease lease, boolean reusable) {
        lease.member().released();
        Channel channel = lease.channel();
        ArrayDeque<Channel> parked = lease.member().idleOn(channel.eventLoop());
        AtomicInteger parkedCount = lease.member().parkedCount();
        if (!reusable || closed || config.throughChannels() || !channel.isActive() || parkedCount.get() >= config.maxIdleConnections()) {
            channel.close();
            return;
        }
        UpstreamConnectionHandler.of(channel).park();
        parkedCount.incrementAndGet();
        parked.addFirst(channel);
        // a parked connection still reads, so that a close or stray bytes from the server are seen
        channel.read();
    }

    /**
     * Opens a connection to a member with {@code pipeline} installed, behind TLS when the pool has
     * it; done once the connection can carry bytes: connected, and for TLS the handshake complete
     * (the server's certificate checked). A TLS failure is an {@link UpstreamTlsException} saying
     * what failed. The channel does not read by itself.
     *
     * @param forHttp whether the connection carries HTTP (ALPN http/1.1) or a relay's bytes (no ALPN)
     */
    public Future<Channel> open(UpstreamMember member, EventLoop loop, ChannelHandler pipeline, boolean forHttp) {
        Promise<Channel> ready = loop.newPromise();
        String expectedName = tls == null ? null : config.tls().expectedName(member.config());
        ChannelFuture connect = connect(member, loop, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    // TLS to the member: its certificate checked against the trusted CAs and the expected name
                    ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), expectedName, member.config().port(), forHttp));
                }
                ch.pipeline().addLast(pipeline);
            }
        });
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
            } else if (tls == null) {
                ready.trySuccess(f.channel());
            } else {
                awaitHandshake(f.channel(), member, expectedName, ready);
            }
        });
        return ready;
    }

    private void awaitHandshake(Channel channel, UpstreamMember member, String expectedName, Promise<Channel> ready) {
        channel.pipeline().get(SslHandler.class).handshakeFuture().addListener((Future<Channel> h) -> {
            if (h.isSuccess()) {
                tls.handshakeCompleted();
                ready.trySuccess(channel);
            } else {
                channel.close();
                ready.tryFailure(UpstreamTlsException.classify(h.cause(), member.toString(), expectedName));
            }
        });
        channel.read(); // auto-read is off: the handshake needs the server's bytes
    }

    /** Opens a plain TCP connection to a member; {@link #open} adds the pool's TLS. */
    ChannelFuture connect(UpstreamMember member, EventLoop loop, ChannelInitializer<SocketChannel> initializer) {
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer)
                .connect(member.address());
    }

    /** Whether the pool has been replaced or shut down. */
    public boolean closed() {
        return closed;
    }

    /** Stops health checks and closes parked connections; lent connections close on release. */
    @Override
    public void close() {
        closed = true;
        if (healthChecker != null) {
            healthChecker.stop();
        }
        for (UpstreamMember member : members) {
            member.allIdle().forEach((loop, parked) -> loop.execute(() -> {
                List<Channel> channels = new ArrayList<>(parked);
                channels.forEach(Channel::close); // each close takes itself out of the deque and the count
            }));
        }
    }

    /** Pipeline of a keep-alive HTTP/1.1 connection to a member. */
    private final class HttpConnectionInitializer extends ChannelInitializer<Channel> {
        @Override
        protected void initChannel(Channel ch) {
            // closes the connection once it has been parked for longer than idle-timeout
            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
            // HTTP/1.1 framing both ways; remembers HEAD requests so their responses carry no body
            ch.pipeline().addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                    .setMaxHeaderSize(UPSTREAM_MAX_HEADER_SIZE), false, false));
            // hands responses to whichever exchange holds the connection
            ch.pipeline().addLast("exchange", new UpstreamConnectionHandler());
        }
    }
}
