package org.gatehouse.extension.manager.internal.lifecycle;

import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.FlowService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Which extensions the flow engine has quarantined (its steps fail closed after too many failures,
 * docs/data-plane.md "Failing extensions and quarantine"), read from its {@link FlowService} when one is registered. The flow engine is optional
 * for this bundle (its package is imported with {@code resolution:=optional}): without it, or
 * before it starts, no extension is quarantined.
 */
final class FlowQuarantine implements Supplier<Set<String>>, AutoCloseable {
    private static final String SERVICE = "org.gatehouse.flow.engine.api.FlowService";

    private final ServiceTracker<Object, Object> tracker;

    private FlowQuarantine(ServiceTracker<Object, Object> tracker) {
        this.tracker = tracker;
    }

    /** Tracks the flow engine's service when this bundle is wired to its package, else reports nothing. */
    static Supplier<Set<String>> open(BundleContext context) {
        try {
            Class.forName(SERVICE, false, FlowQuarantine.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Set::of;
        }
        try {
            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + SERVICE + ")"), null);
            tracker.open();
            return new FlowQuarantine(tracker);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter does not parse", e);
        }
    }

    @Override
    public Set<String> get() {
        Object service = tracker.getService();
        if (!(service instanceof FlowService flows)) {
            return Set.of();
        }
        return flows.extensions().stream().filter(ExtensionHealth::quarantined).map(ExtensionHealth::symbolicName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void close() {
        tracker.close();
    }
}
