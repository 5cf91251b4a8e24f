package org.gatehouse.policy.engine.api;

import org.gatehouse.policy.engine.audit.LoggerAuditSink;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where audit events go. Called on the thread that caused the event (a swap or a denial), so an
 * implementation must be quick and must not throw; a slow store should queue.
 */
@ConsumerType
@FunctionalInterface
public interface AuditSink {
    void record(AuditEvent event);

    /**
     * The sink of last resort: one line per event to the {@code org.gatehouse.audit} logger, which
     * the launcher routes to the element's log.
     */
    static AuditSink toLog() {
        return new LoggerAuditSink();
    }
}
