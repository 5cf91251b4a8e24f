package org.gatehouse.policy.osgi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.policy.audit.AuditEvent;
import org.gatehouse.policy.audit.AuditSink;
import org.gatehouse.policy.audit.LoggerAuditSink;

/**
 * Sends each event to the log and to every {@link AuditSink} service a platform bundle registers
 * (the hash-chained store, later). A sink that throws does not stop the others.
 */
final class FanOutAuditSink implements AuditSink {
    private final AuditSink log = new LoggerAuditSink();
    private final List<AuditSink> services = new CopyOnWriteArrayList<>();

    void add(AuditSink sink) {
        services.add(sink);
    }

    void remove(AuditSink sink) {
        services.remove(sink);
    }

    @Override
    public void record(AuditEvent event) {
        log.record(event);
        for (AuditSink sink : services) {
            try {
                sink.record(event);
            } catch (RuntimeException e) {
                System.getLogger(FanOutAuditSink.class.getName()).log(System.Logger.Level.ERROR, "audit sink failed: " + sink, e);
            }
        }
    }
}
