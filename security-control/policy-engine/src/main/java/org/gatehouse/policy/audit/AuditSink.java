package org.gatehouse.policy.audit;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where audit events go. Called on the thread that caused the event (a swap or a denial), so an
 * implementation must be quick and must not throw; a slow store should queue.
 */
@ConsumerType
@FunctionalInterface
public interface AuditSink {
    void record(AuditEvent event);
}
