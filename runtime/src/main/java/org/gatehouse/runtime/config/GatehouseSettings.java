package org.gatehouse.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the launcher needs, frozen: the folders, the properties handed to the framework
 * (which bundles read with {@code BundleContext.getProperty}), logging, the order in which the
 * platform bundles start, what "ready" means, and how long start-up and shutdown may take.
 *
 * <pre>{@code
 * GatehouseSettings settings = SettingsLoader.load(options, System.getProperties(), System.getenv());
 * }</pre>
 *
 * @param frameworkProperties every property, expanded, including {@code gatehouse.home},
 *        {@code gatehouse.conf.dir}, {@code gatehouse.data.dir} and {@code org.osgi.framework.storage}
 * @param startFirst symbolic names of bundles started before all others, in this order
 * @param readyServices service interfaces that must be registered before the element is ready
 */
public record GatehouseSettings(
        LauncherOptions folders,
        Map<String, String> frameworkProperties,
        LogSettings log,
        List<String> startFirst,
        List<String> readyServices,
        Duration readyTimeout,
        Duration shutdownTimeout) {

    public GatehouseSettings {
        Objects.requireNonNull(folders, "folders");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        frameworkProperties = Map.copyOf(frameworkProperties);
        startFirst = List.copyOf(startFirst);
        readyServices = List.copyOf(readyServices);
    }

    /** {@code <home>/bundles}: the platform bundles. */
    public Path bundlesDir() {
        return folders.home().resolve("bundles");
    }
}
