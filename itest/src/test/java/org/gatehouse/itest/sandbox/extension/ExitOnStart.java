package org.gatehouse.itest.sandbox.extension;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * An extension whose activator asks the JVM to exit with status 42, from a thread of its own (an
 * exit inside {@code start} would wait for the framework's shutdown, which waits for this start).
 */
public final class ExitOnStart implements BundleActivator {
    public static final int STATUS = 42;

    @Override
    public void start(BundleContext context) {
        new Thread(() -> System.exit(STATUS), "extension-exit").start();
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo
    }
}
