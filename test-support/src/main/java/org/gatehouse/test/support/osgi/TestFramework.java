package org.gatehouse.test.support.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A real Felix in this JVM for a test: started on a storage folder with the given framework
 * properties, bundles installed from jars or folders and started together, failing with every
 * bundle that does not resolve and the requirement it misses; services looked up across class
 * spaces with a timeout; stopped by {@link #close()}.
 *
 * <pre>{@code
 * try (TestFramework osgi = TestFramework.start(tempDir.resolve("felix"), Map.of("gatehouse.conf.dir", conf.toString()))) {
 *     osgi.installAndStart(BundleJars.onClassPath("jackson-core", "jackson-databind"));
 *     osgi.installAndStart(List.of(BundleJars.moduleClasses()));
 *     Object service = osgi.service("org.gatehouse.dataplane.DataPlane", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Nothing here configures the sandbox: a test that needs the bridge by boot delegation, or a
 * particular bundle parent, says so in its own properties.
 */
public final class TestFramework implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Framework framework;

    private TestFramework(Framework framework) {
        this.framework = framework;
    }

    /**
     * Starts a framework whose bundle cache is {@code storage} (cleaned on first init), with
     * {@code properties} on top; a property given here wins over those two defaults.
     */
    public static TestFramework start(Path storage, Map<String, ?> properties) throws BundleException {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.putAll(properties);
        Framework framework = new Felix(config);
        framework.start();
        return new TestFramework(framework);
    }

    /** Starts a framework on {@code storage} with no other property. */
    public static TestFramework start(Path storage) throws BundleException {
        return start(storage, Map.of());
    }

    public Framework framework() {
        return framework;
    }

    /** The system bundle's context. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Installs a jar (location: its file URI) or an exploded bundle folder ({@code reference:} its URI). */
    public Bundle install(Path jarOrFolder) throws BundleException {
        String uri = jarOrFolder.toAbsolutePath().toUri().toString();
        return context().installBundle(Files.isDirectory(jarOrFolder) ? "reference:" + uri : uri);
    }

    /** Installs the content of {@code jar} at a location of the caller's choosing (such as {@code gatehouse:platform:<file>}). */
    public Bundle install(String location, Path jar) throws BundleException, IOException {
        try (InputStream in = Files.newInputStream(jar)) {
            return context().installBundle(location, in);
        }
    }

    /** Installs each jar or folder, in order. */
    public List<Bundle> installAll(Collection<Path> jarsOrFolders) throws BundleException {
        List<Bundle> installed = new ArrayList<>();
        for (Path path : jarsOrFolders) {
            installed.add(install(path));
        }
        return installed;
    }

    /** Installs each jar or folder, then {@link #startAll(Collection) starts} them together. */
    public List<Bundle> installAndStart(Collection<Path> jarsOrFolders) throws BundleException {
        List<Bundle> installed = installAll(jarsOrFolders);
        startAll(installed);
        return installed;
    }

    /**
     * Resolves the bundles together and starts each that is not a fragment, in order. A bundle that
     * does not resolve fails the test before any starts, with every such bundle named and the
     * framework's reason (the requirement it misses).
     */
    public void startAll(Collection<Bundle> bundles) throws BundleException {
        framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
        List<String> unresolved = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.INSTALLED) {
                unresolved.add(describe(bundle) + ": " + resolutionFailure(bundle));
            }
        }
        if (!unresolved.isEmpty()) {
            throw new AssertionError("bundles that do not resolve:\n  " + String.join("\n  ", unresolved));
        }
        for (Bundle bundle : bundles) {
            if (!isFragment(bundle)) {
                bundle.start();
            }
        }
    }

    /** The one installed bundle of that symbolic name. */
    public Bundle bundle(String symbolicName) {
        List<Bundle> found = Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one bundle " + symbolicName + ", found " + found + "; installed: " + states());
        }
        return found.get(0);
    }

    /**
     * The first service registered under {@code className}, waiting up to {@code timeout}. Asked
     * without the class-space filter: a test's class path often holds its own copy of the service
     * interface, which the framework would otherwise hide as not assignable.
     */
    public Object service(String className, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ServiceReference<?> reference = reference(className);
            Object service = reference == null ? null : context().getService(reference);
            if (service != null) {
                return service;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(className + " was not registered within " + timeout + "; bundles: " + states());
            }
            Thread.sleep(50);
        }
    }

    /** As {@link #service(String, Duration)}, for an interface this test shares with the framework. */
    public <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
        return type.cast(service(type.getName(), timeout));
    }

    /** The first reference registered under {@code className} now, whatever its class space; null if none. */
    public ServiceReference<?> reference(String className) {
        try {
            ServiceReference<?>[] all = context().getAllServiceReferences(className, null);
            return all == null ? null : all[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every bundle with its state, for failure messages. */
    public String states() {
        return Arrays.stream(context().getBundles()).map(b -> b.getSymbolicName() + "=" + stateName(b.getState()))
                .collect(Collectors.joining(" "));
    }

    /** Stops the framework and waits for it. */
    @Override
    public void close() throws BundleException {
        framework.stop();
        try {
            framework.waitForStop(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            // the test is being cancelled: leave the interrupt for it to see
            Thread.currentThread().interrupt();
        }
    }

    public static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getLocation() + "]";
    }

    /** Felix puts the missing requirement in the exception of a start that cannot resolve. */
    private static String resolutionFailure(Bundle bundle) {
        if (isFragment(bundle)) {
            return "fragment of " + bundle.getHeaders().get(Constants.FRAGMENT_HOST) + " did not attach";
        }
        try {
            bundle.start();
            return "resolved only when started alone";
        } catch (BundleException e) {
            return e.getMessage();
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
