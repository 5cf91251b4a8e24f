package org.gatehouse.policy.engine.osgi;

import java.util.Collection;
import java.util.Map;
import java.util.function.BiPredicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Hides from each extension the services it may not get (docs/threat-model.md "Class-space rules"): an extension sees its own
 * services and those with an interface for which its policy grants {@code osgi service:<interface> get}.
 * Framework hook services are never visible to an extension. Platform bundles see everything.
 * Hidden services are neither found nor announced to listeners.
 */
final class ServiceVisibilityHooks implements FindHook, EventListenerHook {
    private static final String HOOK_PACKAGES = "org.osgi.framework.hooks.";

    private final BundleClassifier classifier;
    /** (extension bundle, interface name) -> may get it. */
    private final BiPredicate<Bundle, String> mayGet;

    ServiceVisibilityHooks(BundleClassifier classifier, BiPredicate<Bundle, String> mayGet) {
        this.classifier = classifier;
        this.mayGet = mayGet;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices, Collection<ServiceReference<?>> references) {
        Bundle viewer = bundleOf(context);
        if (viewer != null && classifier.isExtension(viewer)) {
            references.removeIf(reference -> !visible(viewer, reference));
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> reference = event.getServiceReference();
        listeners.keySet().removeIf(context -> {
            Bundle viewer = bundleOf(context);
            return viewer != null && classifier.isExtension(viewer) && !visible(viewer, reference);
        });
    }

    private boolean visible(Bundle viewer, ServiceReference<?> reference) {
        Bundle owner = reference.getBundle();
        if (owner != null && owner.getBundleId() == viewer.getBundleId()) {
            return true;
        }
        Object classes = reference.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[]) {
            for (String name : (String[]) classes) {
                if (name.startsWith(HOOK_PACKAGES)) {
                    return false; // whatever a policy says: the hooks are the sandbox's own
                }
            }
            for (String name : (String[]) classes) {
                if (mayGet.test(viewer, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    static Bundle bundleOf(BundleContext context) {
        try {
            return context.getBundle();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
