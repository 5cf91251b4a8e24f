package org.gatehouse.itest.sandbox;

import java.net.URL;
import java.net.URLClassLoader;
import java.security.Provider;
import java.security.Security;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * The JVM-global objects the setter rows hand to the extension, made by the test (platform code),
 * and the checks and clean-up that tell whether the extension changed global state, and put it
 * back after a granted run.
 */
final class GlobalState {
    private static final String PROVIDER_NAME = "GatehouseMatrix";
    private static final Thread HOOK = new Thread(() -> { }, "matrix-shutdown-hook");
    private static final ClassLoader FOREIGN_LOADER = new URLClassLoader(new URL[0], null);
    private static final FindHook FIND_HOOK = (context, bundles) -> { };
    private static ClassLoader contextLoaderBefore;

    private GlobalState() {
    }

    static Provider provider() {
        return new Provider(PROVIDER_NAME, "1.0", "behaviour matrix test provider") {
            private static final long serialVersionUID = 1L;
        };
    }

    static boolean providerInstalled() {
        boolean installed = Security.getProvider(PROVIDER_NAME) != null;
        Security.removeProvider(PROVIDER_NAME);
        return installed;
    }

    static Thread shutdownHook() {
        return HOOK;
    }

    static boolean shutdownHookWasAdded() {
        return Runtime.getRuntime().removeShutdownHook(HOOK);
    }

    static ClassLoader foreignLoader() {
        contextLoaderBefore = Thread.currentThread().getContextClassLoader();
        return FOREIGN_LOADER;
    }

    static boolean contextLoaderWasSwapped() {
        boolean swapped = Thread.currentThread().getContextClassLoader() == FOREIGN_LOADER;
        Thread.currentThread().setContextClassLoader(contextLoaderBefore);
        return swapped;
    }

    static FindHook findHook() {
        return FIND_HOOK;
    }
}
