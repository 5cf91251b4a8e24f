package org.gatehouse.channels.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The channels open now, per rule and per source instance under a rule, for the connection limits
 * of the channel policy. A decision reads the counts; the caller then takes a {@link Lease} for the
 * channel it opens and closes it when the channel closes. {@link #acquire} checks the limits again
 * under the same lock as it counts, so two channels racing for the last place get one lease
 * between them. Counts are kept by rule name, so they carry over a reloaded policy. Thread-safe.
 *
 * <pre>{@code
 * ChannelDecision decision = policy.decide(ChannelRequest.of(side, source, "orders", 8443, Protocol.HTTP, clock, counts));
 * Optional<ConnectionCounts.Lease> lease = decision.enabled() ? counts.acquire(decision) : Optional.empty();
 * ...
 * lease.get().close();   // when the channel closes; closing twice counts once
 * }</pre>
 */
public final class ConnectionCounts {
    private record SourceUnderRule(String rule, String source) {
    }

    private final Map<String, Integer> perRule = new HashMap<>();
    private final Map<SourceUnderRule, Integer> perSource = new HashMap<>();

    /** Channels open under {@code rule}. */
    public synchronized int ofRule(String rule) {
        return perRule.getOrDefault(rule, 0);
    }

    /** Channels of the source instance {@code sourceKey} open under {@code rule}. */
    public synchronized int ofSource(String rule, String sourceKey) {
        return perSource.getOrDefault(new SourceUnderRule(rule, sourceKey), 0);
    }

    /** True when one more channel of {@code sourceKey} under {@code rule} would pass {@code limits}. */
    synchronized boolean reached(String rule, String sourceKey, ConnectionLimits limits) {
        return limits.reached(ofSource(rule, sourceKey), ofRule(rule));
    }

    /**
     * Counts the channel of an enabling decision, or gives nothing when its rule's limits are
     * reached by now (another channel took the last place since the decision).
     *
     * @throws IllegalArgumentException for a denied channel, which has nothing to count
     */
    public synchronized Optional<Lease> acquire(ChannelDecision decision) {
        if (!decision.enabled()) {
            throw new IllegalArgumentException("a denied channel is not counted: " + decision);
        }
        if (reached(decision.rule(), decision.sourceKey(), decision.limits())) {
            return Optional.empty();
        }
        SourceUnderRule key = new SourceUnderRule(decision.rule(), decision.sourceKey());
        perRule.merge(decision.rule(), 1, Integer::sum);
        perSource.merge(key, 1, Integer::sum);
        return Optional.of(new Lease(key));
    }

    private synchronized void release(SourceUnderRule key) {
        perRule.computeIfPresent(key.rule(), (k, n) -> n > 1 ? n - 1 : null);
        perSource.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** One open channel, counted until it is closed. */
    public final class Lease implements AutoCloseable {
        private final SourceUnderRule key;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(SourceUnderRule key) {
            this.key = key;
        }

        /** Stops counting the channel; a second close does nothing. */
        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(key);
            }
        }
    }
}
