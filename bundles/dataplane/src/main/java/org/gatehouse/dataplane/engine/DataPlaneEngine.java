package org.gatehouse.dataplane.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.dataplane.ResponseTimings;
import org.gatehouse.dataplane.config.ChannelsConfig;
import org.gatehouse.dataplane.config.DemoUpstreamConfig;
import org.gatehouse.dataplane.config.ElementConfig;
import org.gatehouse.dataplane.config.HostPort;
import org.gatehouse.dataplane.config.ListenerConfig;
import org.gatehouse.dataplane.config.PoolConfig;
import org.gatehouse.dataplane.config.Protocol;
import org.gatehouse.dataplane.config.RouteConfig;
import org.gatehouse.dataplane.http.AccessLog;
import org.gatehouse.dataplane.http.HttpProxyInitializer;
import org.gatehouse.dataplane.http.HttpsProxyInitializer;
import org.gatehouse.dataplane.http.ListenerContext;
import org.gatehouse.dataplane.http.TrafficCounters;
import org.gatehouse.dataplane.routing.Route;
import org.gatehouse.dataplane.routing.RouteTable;
import org.gatehouse.dataplane.routing.RoutingSnapshot;
import org.gatehouse.dataplane.spi.ChannelGateway;
import org.gatehouse.dataplane.spi.ChannelSetup;
import org.gatehouse.dataplane.spi.ChannelView;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.dataplane.tcp.TcpRelayInitializer;
import org.gatehouse.dataplane.tls.ServerTlsContexts;
import org.gatehouse.dataplane.tls.UpstreamTls;
import org.gatehouse.dataplane.upstream.UpstreamPool;

/**
 * Runs an element configuration: binds its listeners, starts its pools, and applies a new
 * configuration live. Routes and pools are swapped as one snapshot; listeners are diffed by name
 * (new ones bound, removed ones closed, changed ones rebound). Closing a server channel does not
 * close the connections it accepted, so established clients keep working across a change.
 *
 * <pre>{@code
 * try (DataPlaneEngine engine = new DataPlaneEngine(confDir, 2)) {
 *     engine.apply(config);
 *     InetSocketAddress web = engine.boundAddresses().get("public");
 * }
 * }</pre>
 */
public final class DataPlaneEngine implements DataPlane, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane");

    private final Path confDir;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final AtomicReference<RoutingSnapshot> snapshot = new AtomicReference<>();
    private volatile Map<String, UpstreamPool> pools = Map.of();
    private final Map<String, BoundListener> listeners = new LinkedHashMap<>();
    private BoundListener demo;
    /** The {@code <demo-upstream>} of the running configuration, bound once a responder is there. */
    private DemoUpstreamConfig demoWanted;
    /** The demo upstream's pipeline, from bundle {@code org.gatehouse.demo-upstream}; null while there is none. */
    private ChannelHandler demoResponder;
    private volatile ElementConfig config;
    private volatile long generation;
    private final Supplier<MessageProcessor> processor;
    private final TrafficCounters traffic = new TrafficCounters();
    /** The channel gateway (bundle {@code org.gatehouse.channels}); null while there is none. */
    private volatile ChannelGateway gateway;

    /** An engine with its own event loops and no message processor; nothing is bound until {@link #apply}. */
    public DataPlaneEngine(Path confDir, int workerThreads) {
        this(confDir, workerThreads, () -> null);
    }

    /**
     * An engine whose HTTP listeners ask {@code processor} (read per request; null means none)
     * which requests belong to a message type and run its flow.
     */
    public DataPlaneEngine(Path confDir, int workerThreads, Supplier<MessageProcessor> processor) {
        this.processor = Objects.requireNonNull(processor, "processor");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, got " + workerThreads);
        }
        this.confDir = confDir.toAbsolutePath();
        this.acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, NioIoHandler.newFactory());
    }

    /**
     * Hands every answer of the connections accepted from now on to {@code log}; the engine does
     * not close it.
     */
    public void accessLog(AccessLog log) {
        traffic.accessLog(log);
    }

    /**
     * Makes {@code next} the running configuration. TLS material and new listeners are prepared
     * first: if any of that fails, nothing changes and the exception says why.
     */
    public synchronized void apply(ElementConfig next) throws DataPlaneException {
        Map<String, SslContext> tls = buildTls(next);
        Map<String, UpstreamTls> upstreamTls = buildUpstreamTls(next);
        configureChannels(gateway, next);
        ListenerChanges changes = ListenerChanges.between(listeners, next);
        Map<String, UpstreamPool> oldPools = pools;
        Map<String, UpstreamPool> newPools = preparePools(next, oldPools, upstreamTls);
        Map<String, BoundListener> fresh = bindAdded(changes.added(), tls, newPools, oldPools, next.demoUpstream());
        pools = newPools;
        snapshot.set(new RoutingSnapshot(generation + 1, next.name(), next.limits(), routeTable(next, newPools)));
        closeRemoved(changes.removed());
        rebindChanged(changes.changed(), tls);
        listeners.putAll(fresh);
        reorder(next);
        closeReplaced(oldPools, newPools);
        config = next;
        generation++;
    }

    /**
     * Binds the demo upstream and the new listeners; when one cannot be bound, what was bound
     * for this change is closed again and the running configuration stays untouched.
     */
    private Map<String, BoundListener> bindAdded(List<ListenerConfig> added, Map<String, SslContext> tls,
            Map<String, UpstreamPool> newPools, Map<String, UpstreamPool> oldPools, DemoUpstreamConfig demoConfig)
            throws DataPlaneException {
        Map<String, BoundListener> fresh = new LinkedHashMap<>();
        try {
            applyDemoUpstream(demoConfig);
            for (ListenerConfig listener : added) {
                fresh.put(listener.name(), bind(listener, tls.get(listener.name())));
            }
            return fresh;
        } catch (DataPlaneException e) {
            fresh.values().forEach(b -> b.channel().close().syncUninterruptibly());
            closeReplaced(newPools, oldPools);
            throw e;
        }
    }

    private void closeRemoved(List<String> removed) {
        for (String name : removed) {
            BoundListener gone = listeners.remove(name);
            gone.channel().close().syncUninterruptibly();
            LOG.log(Level.INFO, "listener {0} on {1} closed", name, format(gone.address()));
        }
    }

    /** Closing the server channel leaves the connections it accepted open. */
    private void rebindChanged(List<ListenerConfig> changed, Map<String, SslContext> tls) {
        for (ListenerConfig listener : changed) {
            listeners.remove(listener.name()).channel().close().syncUninterruptibly();
            try {
                listeners.put(listener.name(), bind(listener, tls.get(listener.name())));
            } catch (DataPlaneException e) {
                LOG.log(Level.ERROR, "listener {0} was closed for its new settings but could not be bound again: {1}",
                        listener.name(), e.getMessage());
            }
        }
    }

    /**
     * Hands the element's channels to the gateway, which binds the channel listeners; when it
     * cannot, nothing of the change is applied (docs/channels.md "In the element").
     */
    private void configureChannels(ChannelGateway target, ElementConfig next) throws DataPlaneException {
        if (target == null) {
            if (next.listeners().stream().anyMatch(l -> l.protocol() == Protocol.CHANNEL)) {
                LOG.log(Level.INFO, "channel listeners wait for the channel gateway (bundle org.gatehouse.channels)");
            }
            return;
        }
        try {
            target.configure(channelSetup(next));
        } catch (Exception e) {
            throw new DataPlaneException("channels: " + e.getMessage(), e);
        }
    }

    private ChannelSetup channelSetup(ElementConfig next) {
        ChannelsConfig channels = next.channels();
        if (channels == null) {
            return ChannelSetup.NONE;
        }
        Map<String, InetSocketAddress> channelListeners = new LinkedHashMap<>();
        for (ListenerConfig listener : next.listeners()) {
            if (listener.protocol() == Protocol.CHANNEL) {
                channelListeners.put(listener.name(), InetSocketAddress.createUnresolved(HostPort.unbracket(listener.address()), listener.port()));
            }
        }
        return new ChannelSetup(next.name(), confDir.resolve(channels.policy()), confDir.resolve(channels.certificate()),
                confDir.resolve(channels.privateKey()), confDir.resolve(channels.trustedElementCas()), channelListeners);
    }

    /**
     * The channel gateway from now on, or null when its bundle goes: it is given the running
     * configuration's channels at once (a failure is logged; the next configuration tries again).
     */
    public synchronized void channelGateway(ChannelGateway next) {
        gateway = next;
        ElementConfig running = config;
        if (next != null && running != null) {
            try {
                configureChannels(next, running);
            } catch (DataPlaneException e) {
                LOG.log(Level.ERROR, e.getMessage(), e);
            }
        }
    }

    /** Closes the pools of {@code before} that {@code after} does not use any more. */
    private static void closeReplaced(Map<String, UpstreamPool> before, Map<String, UpstreamPool> after) {
        before.forEach((name, pool) -> {
            if (after.get(name) != pool) {
                pool.close();
            }
        });
    }

    private Map<String, SslContext> buildTls(ElementConfig next) throws DataPlaneException {
        Map<String, SslContext> contexts = new HashMap<>();
        for (ListenerConfig listener : next.listeners()) {
            if (listener.tls() != null) {
                try {
                    contexts.put(listener.name(), ServerTlsContexts.build(listener.tls(), confDir, listener.protocol() == Protocol.HTTPS));
                } catch (SSLException | RuntimeException e) {
                    throw new DataPlaneException("listener " + listener.name() + ": " + e.getMessage(), e);
                }
            }
        }
        return contexts;
    }

    /**
     * The client TLS of every pool with a {@code <tls>}, read from its files now: a file that
     * cannot be used fails the whole change before anything is applied.
     */
    private Map<String, UpstreamTls> buildUpstreamTls(ElementConfig next) throws DataPlaneException {
        Map<String, UpstreamTls> contexts = new HashMap<>();
        for (PoolConfig pool : next.pools()) {
            if (pool.tls() != null) {
                try {
                    contexts.put(pool.name(), UpstreamTls.build(pool.tls(), confDir, pool.connectTimeout()));
                } catch (SSLException | RuntimeException e) {
                    throw new DataPlaneException("pool " + pool.name() + ": " + e.getMessage(), e);
                }
            }
        }
        return contexts;
    }

    /**
     * Pools whose settings and TLS files did not change are kept, with their health state, parked
     * connections and TLS sessions; a pool whose CA or client certificate file changed is replaced.
     */
    private Map<String, UpstreamPool> preparePools(ElementConfig next, Map<String, UpstreamPool> current,
            Map<String, UpstreamTls> upstreamTls) {
        Map<String, UpstreamPool> prepared = new HashMap<>();
        for (PoolConfig poolConfig : next.pools()) {
            UpstreamPool existing = current.get(poolConfig.name());
            UpstreamTls tls = upstreamTls.get(poolConfig.name());
            if (existing != null && existing.config().equals(poolConfig) && (tls == null || tls.sameMaterial(existing.tls()))) {
                prepared.put(poolConfig.name(), existing);
            } else {
                UpstreamPool pool = new UpstreamPool(poolConfig, workers, tls, () -> gateway);
                pool.start();
                prepared.put(poolConfig.name(), pool);
            }
        }
        return Map.copyOf(prepared);
    }

    private static RouteTable routeTable(ElementConfig next, Map<String, UpstreamPool> pools) {
        List<Route> routes = new ArrayList<>();
        for (RouteConfig route : next.routes()) {
            routes.add(new Route(route, pools.get(route.pool())));
        }
        return new RouteTable(routes);
    }

    private BoundListener bind(ListenerConfig listener, SslContext tls) throws DataPlaneException {
        Channel channel = bindServer(listener.address(), listener.port(), initializer(listener, tls), "listener " + listener.name());
        BoundListener bound = new BoundListener(listener, channel);
        LOG.log(Level.INFO, "listener {0} bound on {1} ({2})", listener.name(), format(bound.address()), listener.protocol().label());
        return bound;
    }

    private ChannelInitializer<SocketChannel> initializer(ListenerConfig listener, SslContext tls) {
        switch (listener.protocol()) {
            case HTTP:
                return new HttpProxyInitializer(new ListenerContext(listener.name(), "http", snapshot::get, processor, traffic));
            case HTTPS:
                return new HttpsProxyInitializer(new ListenerContext(listener.name(), "https", snapshot::get, processor, traffic), tls);
            default:
                String poolName = listener.pool();
                return new TcpRelayInitializer(() -> pools.get(poolName), tls);
        }
    }

    private Channel bindServer(String address, int port, ChannelHandler initializer, String what)
            throws DataPlaneException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        try {
            return bootstrap.bind(HostPort.unbracket(address), port).syncUninterruptibly().channel();
        } catch (Exception e) { // sync() rethrows the bind's checked exception undeclared
            throw new DataPlaneException(what + " cannot bind " + HostPort.format(address, port) + ": " + e.getMessage(), e);
        }
    }

    private void applyDemoUpstream(DemoUpstreamConfig wanted) throws DataPlaneException {
        boolean same = demo != null && wanted != null && demo.config().address().equals(wanted.address())
                && demo.config().port() == wanted.port();
        if (same) {
            return;
        }
        closeDemoUpstream();
        boolean changed = !Objects.equals(wanted, demoWanted);
        demoWanted = wanted;
        if (wanted != null && demoResponder != null) {
            bindDemoUpstream(wanted);
        } else if (wanted != null && changed) {
            LOG.log(Level.INFO, "demo upstream on {0} waits for its responder (bundle org.gatehouse.demo-upstream)",
                    HostPort.format(wanted.address(), wanted.port()));
        }
    }

    /**
     * Binds the {@code <demo-upstream>} of the running configuration with {@code responder} as the
     * pipeline of each connection, or closes it when {@code responder} is null. The responder is
     * bundle {@code org.gatehouse.demo-upstream}'s, which production installations leave out
     * (runtime/README.md): the data plane itself holds no demo server.
     */
    public synchronized void demoResponder(ChannelHandler responder) {
        if (responder != null && !responder.getClass().isAnnotationPresent(ChannelHandler.Sharable.class)) {
            throw new IllegalArgumentException("the demo upstream's responder serves every connection, so it must be @Sharable; "
                    + responder.getClass().getName() + " is not");
        }
        if (responder == demoResponder) {
            return;
        }
        demoResponder = responder;
        closeDemoUpstream();
        if (responder != null && demoWanted != null) {
            try {
                bindDemoUpstream(demoWanted);
            } catch (DataPlaneException e) {
                LOG.log(Level.ERROR, e.getMessage(), e);
            }
        }
    }

    private void bindDemoUpstream(DemoUpstreamConfig wanted) throws DataPlaneException {
        Channel channel = bindServer(wanted.address(), wanted.port(), demoResponder, "demo upstream");
        demo = new BoundListener(new ListenerConfig("demo-upstream", Protocol.HTTP, wanted.address(), wanted.port(), null, null), channel);
        LOG.log(Level.INFO, "demo upstream bound on {0} (http)", format(demo.address()));
    }

    private void closeDemoUpstream() {
        if (demo != null) {
            InetSocketAddress current = demo.address();
            demo.channel().close().syncUninterruptibly();
            LOG.log(Level.INFO, "demo upstream on {0} closed", format(current));
            demo = null;
        }
    }

    /** Keeps {@link #boundAddresses()} in document order. */
    private void reorder(ElementConfig next) {
        Map<String, BoundListener> ordered = new LinkedHashMap<>();
        for (ListenerConfig listener : next.listeners()) {
            BoundListener bound = listeners.get(listener.name());
            if (bound != null) {
                ordered.put(listener.name(), bound);
            }
        }
        listeners.clear();
        listeners.putAll(ordered);
    }

    static String format(InetSocketAddress address) {
        return address == null ? "-" : HostPort.format(address.getAddress().getHostAddress(), address.getPort());
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public String elementName() {
        ElementConfig current = config;
        return current == null ? null : current.name();
    }

    @Override
    public synchronized Map<String, InetSocketAddress> boundAddresses() {
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        listeners.forEach((name, bound) -> addresses.put(name, bound.address()));
        return java.util.Collections.unmodifiableMap(addresses);
    }

    @Override
    public synchronized InetSocketAddress demoUpstreamAddress() {
        return demo == null ? null : demo.address();
    }

    @Override
    public Map<String, ResponseTimings> responseTimings() {
        return traffic.responseTimings();
    }

    @Override
    public Map<String, Long> listenerRequests() {
        return traffic.requestsByListener();
    }

    @Override
    public Map<String, Map<String, Long>> upstreamOutcomes() {
        return traffic.upstreamOutcomes();
    }

    @Override
    public Map<String, Map<String, Long>> refusedRequests() {
        return traffic.refusedRequests();
    }

    @Override
    public Map<String, Map<String, Boolean>> memberHealth() {
        Map<String, Map<String, Boolean>> health = new TreeMap<>();
        pools.forEach((name, pool) -> {
            Map<String, Boolean> members = new LinkedHashMap<>();
            pool.members().forEach(member -> members.put(member.config().endpoint(), member.healthy()));
            health.put(name, members);
        });
        return health;
    }

    @Override
    public List<ChannelView> openChannels() {
        ChannelGateway current = gateway;
        return current == null ? List.of() : current.openChannels();
    }

    /** The running pool of that name, or null; for tests and diagnostics. */
    public UpstreamPool pool(String name) {
        return pools.get(name);
    }

    /** The configuration now running, or null before the first {@link #apply}. */
    public ElementConfig config() {
        return config;
    }

    /** Closes listeners, pools and event loops; established connections are closed too. */
    @Override
    public synchronized void close() {
        listeners.values().forEach(b -> b.channel().close().syncUninterruptibly());
        listeners.clear();
        if (demo != null) {
            demo.channel().close().syncUninterruptibly();
            demo = null;
        }
        pools.values().forEach(UpstreamPool::close);
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
