package org.gatehouse.channels.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.channels.policy.ChannelPolicy;
import org.gatehouse.channels.policy.ChannelPolicyFile;
import org.gatehouse.channels.tunnel.TunnelChannel;
import org.gatehouse.channels.tunnel.TunnelSettings;
import org.gatehouse.dataplane.spi.ChannelGateway;
import org.gatehouse.dataplane.spi.ChannelRefusedException;
import org.gatehouse.dataplane.spi.ChannelSetup;
import org.gatehouse.dataplane.spi.ChannelSource;
import org.gatehouse.dataplane.spi.ChannelTarget;
import org.gatehouse.dataplane.spi.ChannelView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The channel gateway of the element (docs/channels.md "In the element"): registered for the data
 * plane, which gives it the element's {@code <channels>} with every configuration and asks it for
 * the connection of each request routed to a channel member. It reads the element's identity files,
 * watches the channel policy (a changed policy decides the next channel, without a restart), runs
 * the ingress side and the channel listeners (egress), and records channel events in the audit log.
 *
 * <pre>{@code
 * ChannelGatewayComponent gateway = new ChannelGatewayComponent();   // outside OSGi, as tests do
 * gateway.start(Clock.systemUTC(), TunnelSettings.defaults(), Duration.ofSeconds(1));
 * gateway.configure(setup);
 * }</pre>
 */
@Component(service = ChannelGateway.class, immediate = true)
public final class ChannelGatewayComponent implements ChannelGateway {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.channels");

    private volatile AuditLog auditLog;
    private volatile ElementTls tls;
    private volatile ChannelPolicyFile policyFile;
    private Path policyPath;
    private Duration policyInterval = Duration.ofSeconds(1);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private ChannelEvents events;
    private TunnelSettings settings;
    /** Made with the first {@code <channels>}: an element without channels holds no door and no tunnel. */
    private volatile Ingress ingress;
    private Egress egress;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAuditLog(AuditLog log) {
        auditLog = log;
    }

    void unbindAuditLog(AuditLog log) {
        if (auditLog == log) {
            auditLog = null;
        }
    }

    @Activate
    void activate() {
        start(Clock.systemUTC(), TunnelSettings.defaults(), Duration.ofSeconds(1));
    }

    /** Starts the event loops; nothing is bound until {@link #configure} gives the element's {@code <channels>}. */
    public synchronized void start(Clock clock, TunnelSettings settings, Duration policyCheckInterval) {
        policyInterval = Objects.requireNonNull(policyCheckInterval, "policyCheckInterval");
        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        events = new ChannelEvents(() -> auditLog, clock);
        this.settings = settings;
        egress = new Egress(acceptors, workers, settings, () -> tls, this::policy, events);
    }

    /** Gives the audit log outside OSGi. */
    public void auditLog(AuditLog log) {
        auditLog = log;
    }

    @Override
    public synchronized void configure(ChannelSetup setup) throws Exception {
        if (!setup.enabled()) {
            egress.listen(Map.of());
            tls = null;
            closePolicy();
            return;
        }
        ElementTls read = ElementTls.read(setup.certificate(), setup.privateKey(), setup.trustedElementCas());
        egress.listen(setup.listeners());
        tls = read;
        if (ingress == null) {
            ingress = new Ingress(workers, settings, () -> tls, this::policy, events);
        }
        if (!setup.policy().equals(policyPath)) {
            closePolicy();
            policyPath = setup.policy();
            policyFile = ChannelPolicyFile.open(setup.policy()).watch(policyInterval);
            policyFile.problem().ifPresent(p -> LOG.log(Level.WARNING, "channel policy: {0}; every channel is denied until it reads", p));
        }
    }

    @Override
    public Future<Channel> open(EventLoop loop, ChannelHandler pipeline, ChannelTarget target, ChannelSource source) {
        Ingress current = ingress;
        if (current == null) {
            return loop.newFailedFuture(new ChannelRefusedException(503, "channels_unavailable", "the element has no <channels> in force"));
        }
        return current.open(loop, pipeline, target, source);
    }

    /** The policy in force: the last that read, or one that denies everything. */
    ChannelPolicy policy() {
        ChannelPolicyFile file = policyFile;
        return file == null ? ChannelPolicy.DENY_ALL : file.current();
    }

    /** Reads the policy file now instead of at the next check; for tests and commands. */
    public void checkPolicyNow() {
        ChannelPolicyFile file = policyFile;
        if (file != null) {
            file.checkNow();
        }
    }

    @Override
    public List<ChannelView> openChannels() {
        List<ChannelView> views = new ArrayList<>();
        for (OpenChannel open : events.open()) {
            TunnelChannel c = open.channel();
            views.add(new ChannelView(open.side(), c.id(), open.peer(), open.source(), open.service(), open.port(), open.rule(), open.openedAt(),
                    c.sendKeyId(), c.receiveKeyId(), c.bytesSent(), c.bytesReceived(), c.framesSent(), c.framesReceived()));
        }
        views.sort(Comparator.comparing(ChannelView::openedAt));
        return views;
    }

    /** Where each channel listener is bound. */
    public Map<String, InetSocketAddress> listenerAddresses() {
        return egress.boundAddresses();
    }

    /** For tests: waits until the audit records asked for so far are written. */
    void drainAudit() throws Exception {
        events.drain();
    }

    private void closePolicy() {
        if (policyFile != null) {
            policyFile.close();
            policyFile = null;
            policyPath = null;
        }
    }

    @Deactivate
    public synchronized void stop() {
        if (ingress != null) {
            ingress.close();
        }
        egress.close();
        closePolicy();
        events.close();
        acceptors.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
