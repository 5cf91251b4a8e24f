package org.gatehouse.policy.engine.osgi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.audit.LoggerAuditSink;

/**
 * Sends each event to the audit file (the record no extension can configure), to the log, and to
 * every {@link AuditSink} service a platform bundle registers. A sink that throws does not stop the
 * others, and never undoes what is being recorded: a denial that cannot be recorded is still a
 * denial. Failed writes are counted.
 */
final class FanOutAuditSink implements AuditSink {
    private static final System.Logger LOG = System.getLogger(FanOutAuditSink.class.getName());
    private final AuditSink log = new LoggerAuditSink();
    private final List<AuditSink> services = new CopyOnWriteArrayList<>();
    private final LongAdder failures = new LongAdder();
    private volatile AuditSink file;

    void add(AuditSink sink) {
        services.add(sink);
    }

    void remove(AuditSink sink) {
        services.remove(sink);
    }

    /** The audit file's sink, set once the control module has opened it. */
    void useFile(AuditSink sink) {
        this.file = sink;
    }

    /** Events a sink could not take, since the start. */
    long failures() {
        return failures.sum();
    }

    @Override
    public void record(AuditEvent event) {
        AuditSink fileSink = file;
        if (fileSink != null) {
            recordQuietly(fileSink, event);
        }
        recordQuietly(log, event);
        for (AuditSink sink : services) {
            recordQuietly(sink, event);
        }
    }

    private void recordQuietly(AuditSink sink, AuditEvent event) {
        try {
            sink.record(event);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.log(System.Logger.Level.ERROR, "audit sink failed: " + sink + " (" + event.action() + " " + event.subject() + ")", e);
        }
    }
}
