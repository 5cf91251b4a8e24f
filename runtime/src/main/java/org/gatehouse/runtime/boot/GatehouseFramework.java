package org.gatehouse.runtime.boot;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.apache.felix.framework.Felix;
import org.gatehouse.runtime.LaunchFailure;
import org.gatehouse.runtime.config.GatehouseSettings;
import org.gatehouse.runtime.logging.FelixLogBridge;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * The embedded Felix framework with the platform bundles: boots it from the settings (install,
 * resolve, start, wait until ready) and stops it within a bounded time. The framework is on the
 * launcher's class path, not a bundle; the platform bundles come from {@code <home>/bundles}.
 *
 * <pre>{@code
 * GatehouseFramework element = GatehouseFramework.create(settings);
 * if (element.boot(stop::requested)) {
 *     element.waitForStop();
 * }
 * }</pre>
 */
public final class GatehouseFramework {
    private static final Logger LOG = Logger.getLogger(GatehouseFramework.class.getName());
    private static final String FELIX_LOGGER = "felix.log.logger";
    private static final String FELIX_LOG_LEVEL = "felix.log.level";

    private final GatehouseSettings settings;
    private final Felix felix;
    private List<Bundle> platform = List.of();

    private GatehouseFramework(GatehouseSettings settings, Felix felix) {
        this.settings = settings;
        this.felix = felix;
    }

    /** Creates (but does not start) the framework with the settings' framework properties. */
    public static GatehouseFramework create(GatehouseSettings settings) {
        Map<String, Object> properties = new HashMap<>(settings.frameworkProperties());
        properties.put(FELIX_LOGGER, new FelixLogBridge());
        properties.putIfAbsent(FELIX_LOG_LEVEL, Integer.toString(FelixLogBridge.felixLevel(settings.log().level())));
        return new GatehouseFramework(settings, new Felix(properties));
    }

    public Framework framework() {
        return felix;
    }

    /** The platform bundles installed by {@link #boot}. */
    public List<Bundle> platformBundles() {
        return platform;
    }

    /**
     * Installs, resolves and starts the platform, then waits until it is ready. Returns false
     * when {@code abandoned} turned true meanwhile (a stop was requested while starting); on
     * failure the framework is stopped before the exception propagates.
     */
    public boolean boot(java.util.function.BooleanSupplier abandoned) throws LaunchFailure, InterruptedException {
        try {
            // a stop request is honoured between steps: before init there was nothing to stop
            felix.init();
            if (abandoned.getAsBoolean()) {
                return false;
            }
            PlatformBundles bundles = new PlatformBundles(felix.getBundleContext(), settings.bundlesDir());
            platform = bundles.install();
            felix.start();
            bundles.resolve(platform);
            LOG.fine(() -> "platform bundles resolved: " + platform.stream().map(PlatformBundles::describe).collect(Collectors.joining(", ")));
            if (abandoned.getAsBoolean()) {
                return false;
            }
            bundles.start(platform, settings.startFirst());
            // after the platform, so the policy engine already classifies and decides for them
            new ExtensionBundles(felix.getBundleContext(), settings.folders().home().resolve("extensions")).installAndStart();
            return new Readiness(felix.getBundleContext(), platform, settings.readyServices(), settings.readyTimeout()).await(abandoned);
        } catch (BundleException e) {
            stopQuietly();
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "the OSGi framework did not start: " + e.getMessage(), e);
        } catch (LaunchFailure | RuntimeException | InterruptedException e) {
            if (abandoned.getAsBoolean()) {
                // a stop request made the framework refuse further work; not a start-up failure
                LOG.fine(() -> "start-up abandoned for a stop request: " + e);
                return false;
            }
            stopQuietly();
            throw e;
        }
    }

    /** Blocks until the framework has stopped, for whatever reason. */
    public FrameworkEvent waitForStop() throws InterruptedException {
        return felix.waitForStop(0);
    }

    /** Stops the framework and waits at most {@code timeout}; fails naming the bundles still stopping. */
    public void stop(Duration timeout) throws LaunchFailure, InterruptedException {
        try {
            felix.stop();
        } catch (BundleException e) {
            throw new LaunchFailure(LaunchFailure.SHUTDOWN_TIMED_OUT, "the framework refused to stop: " + e.getMessage(), e);
        }
        FrameworkEvent event = felix.waitForStop(Math.max(1, timeout.toMillis()));
        if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            throw new LaunchFailure(LaunchFailure.SHUTDOWN_TIMED_OUT, "the framework did not stop within "
                    + timeout.toMillis() + " ms (gatehouse.shutdown.timeout); still stopping: " + stillRunning());
        }
    }

    /** Bundles not yet back to RESOLVED or INSTALLED, for a shutdown that hangs. */
    public String stillRunning() {
        String names = platform.stream()
                .filter(b -> (b.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0)
                .map(b -> b.getSymbolicName() + "[" + stateName(b.getState()) + "]")
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "the framework itself" : names;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.STARTING -> "starting";
            case Bundle.ACTIVE -> "active";
            case Bundle.STOPPING -> "stopping";
            default -> Integer.toString(state);
        };
    }

    private void stopQuietly() {
        try {
            felix.stop();
            felix.waitForStop(settings.shutdownTimeout().toMillis());
        } catch (BundleException | InterruptedException | RuntimeException e) {
            LOG.warning(() -> "stopping the framework after a failed start-up: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
