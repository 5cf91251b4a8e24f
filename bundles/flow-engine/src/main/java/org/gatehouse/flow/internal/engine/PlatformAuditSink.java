package org.gatehouse.flow.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.gatehouse.policy.audit.AuditEvent;
import org.gatehouse.policy.audit.AuditSink;
import org.gatehouse.policy.audit.LoggerAuditSink;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Sends the flow engine's audit events (runaway steps) where the control module sends its own:
 * one line to the {@code org.gatehouse.audit} log, and every {@link AuditSink} service a platform
 * bundle registers. An extension's sink is not given them (an extension may not read the audit
 * trail), and a sink that throws does not stop the others.
 */
final class PlatformAuditSink implements AuditSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PlatformAuditSink.class.getName());

    private final AuditSink log = new LoggerAuditSink();
    private final List<AuditSink> services = new CopyOnWriteArrayList<>();
    private final ServiceTracker<AuditSink, AuditSink> tracker;

    PlatformAuditSink(BundleContext context, Predicate<Bundle> isExtension) {
        tracker = new ServiceTracker<>(context, AuditSink.class, null) {
            @Override
            public AuditSink addingService(ServiceReference<AuditSink> reference) {
                if (isExtension.test(reference.getBundle())) {
                    return null;
                }
                AuditSink sink = super.addingService(reference);
                if (sink != null) {
                    services.add(sink);
                }
                return sink;
            }

            @Override
            public void removedService(ServiceReference<AuditSink> reference, AuditSink sink) {
                services.remove(sink);
                super.removedService(reference, sink);
            }
        };
        tracker.open();
    }

    @Override
    public void record(AuditEvent event) {
        log.record(event);
        for (AuditSink sink : services) {
            try {
                sink.record(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "audit sink failed: " + sink, e);
            }
        }
    }

    @Override
    public void close() {
        tracker.close();
    }
}
