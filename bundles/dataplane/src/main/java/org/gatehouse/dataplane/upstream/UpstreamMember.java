package org.gatehouse.dataplane.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.dataplane.config.HostPort;
import org.gatehouse.dataplane.config.MemberConfig;

/**
 * One upstream server of a pool with its live state: health, the number of exchanges or relays
 * using it, and its parked keep-alive connections. Parked connections are kept per event loop
 * and only touched from that loop, so a client and its upstream connection share one thread.
 */
public final class UpstreamMember {
    private final MemberConfig config;
    private final InetSocketAddress address;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile boolean healthy = true;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    UpstreamMember(MemberConfig config) {
        this.config = config;
        this.address = InetSocketAddress.createUnresolved(HostPort.unbracket(config.address()), config.port());
    }

    /** The member as configured. */
    public MemberConfig config() {
        return config;
    }

    /** Where to connect; resolved at connect time so DNS changes are seen. */
    public InetSocketAddress address() {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    /** False once the health check has seen {@code unhealthy-after} failures in a row. */
    public boolean healthy() {
        return healthy;
    }

    /** Exchanges or relays currently using this member. */
    public int activeConnections() {
        return active.get();
    }

    /** Counts a relay connection, so least-connections sees TCP relays too. */
    public void acquiredRelay() {
        acquired();
    }

    /** Ends what {@link #acquiredRelay()} counted. */
    public void releasedRelay() {
        released();
    }

    void acquired() {
        active.incrementAndGet();
    }

    void released() {
        active.decrementAndGet();
    }

    /** Parked connections over all event loops; the pool keeps it within max-idle-connections. */
    AtomicInteger parkedCount() {
        return parkedCount;
    }

    ArrayDeque<Channel> idleOn(EventLoop loop) {
        return idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
    }

    Map<EventLoop, ArrayDeque<Channel>> allIdle() {
        return idle;
    }

    /** Records one health probe; returns true when the member changed state. Called from one thread. */
    boolean recordProbe(boolean success, int healthyAfter, int unhealthyAfter) {
        if (success) {
            consecutiveFailures = 0;
            consecutiveSuccesses++;
            if (!healthy && consecutiveSuccesses >= healthyAfter) {
                healthy = true;
                return true;
            }
        } else {
            consecutiveSuccesses = 0;
            consecutiveFailures++;
            if (healthy && consecutiveFailures >= unhealthyAfter) {
                healthy = false;
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return config.endpoint();
    }
}
