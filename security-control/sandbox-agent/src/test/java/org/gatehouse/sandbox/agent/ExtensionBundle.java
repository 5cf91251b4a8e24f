package org.gatehouse.sandbox.agent;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The activator of the extension bundle that {@link FelixLifecycleIT} builds: it keeps its
 * context so the test can run one OSGi action at a time from inside the bundle.
 */
public final class ExtensionBundle implements BundleActivator {
    private static volatile BundleContext context;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
    }

    @Override
    public void stop(BundleContext bundleContext) {
        context = null;
    }

    public static void stopFramework() throws BundleException {
        context.getBundle(0).stop();
    }

    public static void stopBundle(Long id) throws BundleException {
        context.getBundle(id).stop();
    }

    public static void uninstallBundle(Long id) throws BundleException {
        context.getBundle(id).uninstall();
    }

    public static void updateFramework() throws BundleException {
        context.getBundle(0).update();
    }

    public static void installBundle(String location) throws BundleException {
        context.installBundle(location);
    }

    public static void refreshFramework() {
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null);
    }

    public static Object registerWeavingHook() {
        WeavingHook hook = wovenClass -> { };
        return context.registerService(WeavingHook.class, hook, null);
    }

    public static Object registerRunnable() {
        Runnable service = () -> { };
        return context.registerService(Runnable.class, service, null);
    }

    public static Object getService(String name) {
        ServiceReference<?> reference = context.getServiceReference(name);
        return context.getService(reference);
    }
}
