package org.gatehouse.policy.engine.osgi;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Starts the control module with this bundle. A plain activator rather than a DS component: the
 * hooks must be in place before any extension resolves, whatever else has started.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class PolicyEngineActivator implements BundleActivator {
    private SandboxControl control;

    @Override
    public void start(BundleContext context) throws Exception {
        control = new SandboxControl(context);
        control.start();
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        if (control != null) {
            control.stop();
            control = null;
        }
    }
}
