package org.gatehouse.flow.engine.internal.engine;

import java.util.function.Supplier;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;

/**
 * Sends the flow engine's audit events (runaway steps) to the control module's one audit record
 * ({@link PolicyService#record}: the audit file, the log and the platform's sinks). Should the
 * control module be gone, the event still reaches the {@code org.gatehouse.audit} log.
 */
final class PlatformAuditSink implements AuditSink {
    private final Supplier<PolicyService> control;
    private final AuditSink fallback = AuditSink.toLog();

    PlatformAuditSink(Supplier<PolicyService> control) {
        this.control = control;
    }

    @Override
    public void record(AuditEvent event) {
        PolicyService service = control.get();
        if (service != null) {
            service.record(event);
        } else {
            fallback.record(event);
        }
    }
}
