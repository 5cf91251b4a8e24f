package org.gatehouse.runtime.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.gatehouse.runtime.LaunchFailure;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The platform bundles: every jar in {@code <home>/bundles}. Installs them (location
 * {@code gatehouse:platform:<file name>}), updates ones whose jar is newer than the installed
 * copy, uninstalls ones whose jar is gone, resolves them all, and starts them in order.
 * Fragments are installed, never started. Any failure names the jar, the bundle and the reason.
 *
 * <pre>{@code
 * PlatformBundles platform = new PlatformBundles(framework.getBundleContext(), settings.bundlesDir());
 * List<Bundle> bundles = platform.install();
 * platform.resolve(bundles);
 * platform.start(bundles, settings.startFirst());
 * }</pre>
 */
public final class PlatformBundles {
    public static final String LOCATION_PREFIX = "gatehouse:platform:";
    private static final Logger LOG = Logger.getLogger(PlatformBundles.class.getName());

    private final BundleContext system;
    private final Path directory;

    public PlatformBundles(BundleContext system, Path directory) {
        this.system = system;
        this.directory = directory;
    }

    /** Installs or updates every jar and removes platform bundles whose jar is gone. */
    public List<Bundle> install() throws LaunchFailure {
        Map<String, Path> jars = jarsByLocation();
        boolean changed = uninstallRemoved(jars);
        List<Bundle> bundles = new ArrayList<>();
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Bundle existing = system.getBundle(jar.getKey());
            if (existing == null) {
                bundles.add(installJar(jar.getKey(), jar.getValue()));
            } else {
                changed |= updateIfNewer(existing, jar.getValue());
                bundles.add(existing);
            }
        }
        if (changed) {
            refresh();
        }
        return List.copyOf(bundles);
    }

    /** Resolves all of them; fails naming each bundle that does not resolve and what it is missing. */
    public void resolve(List<Bundle> bundles) throws LaunchFailure {
        system.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(bundles);
        List<Bundle> unresolved = bundles.stream().filter(b -> b.getState() == Bundle.INSTALLED).toList();
        if (!unresolved.isEmpty()) {
            ResolutionReport report = new ResolutionReport(system);
            StringBuilder message = new StringBuilder(unresolved.size() + " platform bundle(s) do not resolve:");
            for (Bundle bundle : unresolved) {
                message.append("\n  ").append(report.describe(bundle));
            }
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, message.toString());
        }
    }

    /** Starts the bundles named in {@code startFirst} in that order, then the rest by symbolic name. */
    public void start(List<Bundle> bundles, List<String> startFirst) throws LaunchFailure {
        for (Bundle bundle : startOrder(bundles, startFirst)) {
            try {
                bundle.start();
            } catch (BundleException | IllegalStateException e) {
                Throwable reason = activatorFailure(e);
                String message = "platform bundle " + describe(bundle) + " failed to start: ";
                if (isRefusal(reason)) {
                    // the message names the file, the position and what is wrong: a stack trace adds only noise
                    throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, message + reason.getMessage());
                }
                throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, message + reason, e);
            }
        }
    }

    /** What the bundle's activator threw; the framework wraps it in a BundleException of its own. */
    static Throwable activatorFailure(Exception e) {
        return e instanceof BundleException b && b.getType() == BundleException.ACTIVATOR_ERROR && b.getCause() != null
                ? b.getCause() : e;
    }

    /**
     * Whether a start failure is the platform refusing something it was given (a configuration file
     * with its position and reason) rather than a defect: the platform's own exception types are
     * written for the operator; anything else keeps its stack trace. The launcher does not share the
     * bundles' classes, so the type is known by its package.
     */
    static boolean isRefusal(Throwable reason) {
        return reason.getClass().getName().startsWith("org.gatehouse.") && reason.getMessage() != null;
    }

    static List<Bundle> startOrder(List<Bundle> bundles, List<String> startFirst) {
        List<Bundle> startable = bundles.stream().filter(b -> !isFragment(b)).toList();
        List<Bundle> ordered = new ArrayList<>();
        for (String name : startFirst) {
            startable.stream().filter(b -> name.equals(b.getSymbolicName())).forEach(ordered::add);
        }
        startable.stream()
                .filter(b -> !ordered.contains(b))
                .sorted(Comparator.comparing(Bundle::getSymbolicName).thenComparing(Bundle::getVersion))
                .forEach(ordered::add);
        return ordered;
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    static String describe(Bundle bundle) {
        String location = bundle.getLocation();
        String file = location.startsWith(LOCATION_PREFIX) ? location.substring(LOCATION_PREFIX.length()) : location;
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + file + ")";
    }

    private Map<String, Path> jarsByLocation() throws LaunchFailure {
        if (!Files.isDirectory(directory)) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "the platform bundles folder " + directory + " does not exist");
        }
        Map<String, Path> jars = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
                    .forEach(f -> jars.put(LOCATION_PREFIX + f.getFileName(), f));
        } catch (IOException e) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "cannot list " + directory + ": " + e, e);
        }
        if (jars.isEmpty()) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "no platform bundles (*.jar) in " + directory);
        }
        return jars;
    }

    private Bundle installJar(String location, Path jar) throws LaunchFailure {
        requireBundleManifest(jar);
        try (InputStream in = Files.newInputStream(jar)) {
            return system.installBundle(location, in);
        } catch (IOException | BundleException e) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "cannot install platform bundle " + jar + ": " + e.getMessage(), e);
        }
    }

    private boolean updateIfNewer(Bundle bundle, Path jar) throws LaunchFailure {
        try {
            if (Files.getLastModifiedTime(jar).toMillis() <= bundle.getLastModified()) {
                return false;
            }
            requireBundleManifest(jar);
            LOG.info(() -> "updating platform bundle " + describe(bundle) + " from " + jar);
            try (InputStream in = Files.newInputStream(jar)) {
                bundle.update(in);
            }
            return true;
        } catch (IOException | BundleException e) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "cannot update platform bundle " + jar + ": " + e.getMessage(), e);
        }
    }

    private boolean uninstallRemoved(Map<String, Path> jars) throws LaunchFailure {
        boolean removed = false;
        for (Bundle bundle : system.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX) && !jars.containsKey(bundle.getLocation())) {
                LOG.info(() -> "uninstalling platform bundle " + describe(bundle) + ": its jar is no longer in " + directory);
                try {
                    bundle.uninstall();
                    removed = true;
                } catch (BundleException e) {
                    throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "cannot uninstall " + describe(bundle) + ": " + e.getMessage(), e);
                }
            }
        }
        return removed;
    }

    private void refresh() throws LaunchFailure {
        CountDownLatch done = new CountDownLatch(1);
        system.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "refreshing updated platform bundles took over 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "interrupted while refreshing platform bundles", e);
        }
    }

    /** Every jar in bundles/ must be an OSGi bundle; a plain library there is a packaging mistake. */
    private static void requireBundleManifest(Path jar) throws LaunchFailure {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
                throw new LaunchFailure(LaunchFailure.STARTUP_FAILED,
                        jar + " is not an OSGi bundle: its manifest has no " + Constants.BUNDLE_SYMBOLICNAME);
            }
        } catch (IOException e) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }
}
