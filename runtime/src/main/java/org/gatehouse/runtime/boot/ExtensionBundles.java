package org.gatehouse.runtime.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * The extension bundles dropped into {@code <home>/extensions/}: installed (location
 * {@code file:} URI of the jar) and started after the platform, each under its merged policy.
 *
 * <p>The launcher does this, not the policy engine: the engine decides and classifies, and a
 * bundle's location under {@code <home>/extensions/} is what makes it an extension there; the
 * launcher already owns the folders of the distribution and the order of start-up, so the
 * engine (started among the first platform bundles) is guaranteed to see every extension
 * arrive, and merges its policy synchronously when it is installed, before it can run.
 *
 * <p>Unlike a platform bundle, an extension that does not install, resolve or start does not
 * stop the element: it is logged with the framework's reason and left as it is. A jar updated
 * since the kept framework cache installed it is updated; an extension whose jar is gone is
 * uninstalled.
 *
 * <pre>{@code
 * List<Bundle> started = new ExtensionBundles(framework.getBundleContext(), home.resolve("extensions")).installAndStart();
 * }</pre>
 */
public final class ExtensionBundles {
    private static final Logger LOG = Logger.getLogger(ExtensionBundles.class.getName());

    private final BundleContext system;
    private final Path directory;

    public ExtensionBundles(BundleContext system, Path directory) {
        this.system = system;
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Installs or updates every jar of the folder, removes extensions whose jar is gone, starts them; returns the started ones. */
    public List<Bundle> installAndStart() {
        Map<String, Path> jars = jarsByLocation();
        uninstallRemoved(jars);
        List<Bundle> installed = new ArrayList<>();
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Bundle bundle = installOrUpdate(jar.getKey(), jar.getValue());
            if (bundle != null) {
                installed.add(bundle);
            }
        }
        List<Bundle> started = new ArrayList<>();
        for (Bundle bundle : installed) {
            if (start(bundle)) {
                started.add(bundle);
            }
        }
        if (!jars.isEmpty()) {
            LOG.info(() -> started.size() + " of " + jars.size() + " extension bundle(s) started from " + directory);
        }
        return List.copyOf(started);
    }

    private Map<String, Path> jarsByLocation() {
        Map<String, Path> jars = new LinkedHashMap<>();
        if (!Files.isDirectory(directory)) {
            return jars;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
                    .forEach(f -> jars.put(f.toUri().toString(), f));
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot list the extensions folder " + directory + ": " + e, e);
        }
        return jars;
    }

    private Bundle installOrUpdate(String location, Path jar) {
        Bundle existing = system.getBundle(location);
        try (InputStream in = Files.newInputStream(jar)) {
            if (existing == null) {
                return system.installBundle(location, in);
            }
            if (Files.getLastModifiedTime(jar).toMillis() > existing.getLastModified()) {
                LOG.info(() -> "updating extension " + existing.getSymbolicName() + " from " + jar);
                existing.update(in);
            }
            return existing;
        } catch (IOException | BundleException | IllegalStateException e) {
            LOG.severe(() -> "extension " + jar + " not installed: " + e.getMessage());
            return null;
        }
    }

    private boolean start(Bundle bundle) {
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return false; // a fragment attaches to its host; it is never started
        }
        try {
            bundle.start();
            LOG.info(() -> "extension " + bundle.getSymbolicName() + " " + bundle.getVersion() + " started");
            return true;
        } catch (BundleException | IllegalStateException | SecurityException e) {
            LOG.severe(() -> "extension " + bundle.getSymbolicName() + " " + bundle.getVersion() + " ("
                    + bundle.getLocation() + ") did not start: " + e.getMessage());
            return false;
        }
    }

    private void uninstallRemoved(Map<String, Path> jars) {
        for (Bundle bundle : system.getBundles()) {
            String location = bundle.getLocation();
            if (inThisFolder(location) && !jars.containsKey(location)) {
                LOG.info(() -> "uninstalling extension " + bundle.getSymbolicName() + ": its jar is no longer in " + directory);
                try {
                    bundle.uninstall();
                } catch (BundleException | IllegalStateException e) {
                    LOG.warning(() -> "cannot uninstall extension " + location + ": " + e.getMessage());
                }
            }
        }
    }

    private boolean inThisFolder(String location) {
        if (!location.startsWith("file:")) {
            return false;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize().startsWith(directory);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
