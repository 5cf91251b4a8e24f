package org.gatehouse.bench.sandbox;

import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;

/**
 * An audit sink that only counts: the engine's own work for an event (building it, rate limiting
 * denials) is measured, the store behind it is not.
 */
final class CountingAuditSink implements AuditSink {
    private final AtomicLong events = new AtomicLong();

    @Override
    public void record(AuditEvent event) {
        events.incrementAndGet();
    }

    long events() {
        return events.get();
    }
}
