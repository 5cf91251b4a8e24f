package org.gatehouse.policy.engine.osgi;

import java.util.Collection;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.hooks.bundle.EventHook;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Hides platform bundles from extensions (docs/threat-model.md "Class-space rules"): an extension that lists bundles, looks one
 * up by id or listens to bundle events sees only extensions and the system bundle (which the
 * framework does not let a hook hide; its lifecycle is guarded by the sandbox's {@code osgi framework} checks).
 */
final class PlatformBundleHiding implements FindHook, EventHook {
    private final BundleClassifier classifier;

    PlatformBundleHiding(BundleClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        Bundle viewer = ServiceVisibilityHooks.bundleOf(context);
        if (viewer != null && classifier.isExtension(viewer)) {
            bundles.removeIf(this::hidden);
        }
    }

    @Override
    public void event(BundleEvent event, Collection<BundleContext> contexts) {
        if (hidden(event.getBundle())) {
            contexts.removeIf(context -> {
                Bundle viewer = ServiceVisibilityHooks.bundleOf(context);
                return viewer != null && classifier.isExtension(viewer);
            });
        }
    }

    private boolean hidden(Bundle bundle) {
        return bundle.getBundleId() != 0 && !classifier.isExtension(bundle);
    }
}
