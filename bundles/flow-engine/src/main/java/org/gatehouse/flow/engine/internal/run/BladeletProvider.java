package org.gatehouse.flow.engine.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.descriptor.BladeletFactory;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.descriptor.ParameterValidator;

/**
 * One started bundle's bladelets (an extension, or a platform bundle with built-in
 * authenticators and authorizers): its descriptor, class loader and data folder, the instances
 * built from it, and how many of its calls are running. When the bundle stops, new messages no
 * longer reach it, the calls in flight finish ({@link #awaitIdle}), then its instances close.
 */
public final class BladeletProvider {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.bladelets");

    private final String symbolicName;
    private final String version;
    private final boolean extension;
    private final ExtensionDescriptor descriptor;
    private final ClassLoader loader;
    private final Path dataFolder;
    private final long sequence;
    private final StepServices services;
    private final Map<Object, Object> instances = new ConcurrentHashMap<>();
    private int inFlight;
    private boolean stopping;

    /**
     * @param sequence start order: among two versions of one extension, the higher one gets new messages
     */
    public BladeletProvider(String symbolicName, String version, boolean extension, ExtensionDescriptor descriptor,
                            ClassLoader loader, Path dataFolder, long sequence, Clock clock) {
        this(symbolicName, version, extension, descriptor, loader, dataFolder, sequence, StepServices.shared(clock));
    }

    /**
     * @param sequence start order: among two versions of one extension, the higher one gets new messages
     * @param services the engine's clock, outbound HTTP client and JSON for the bladelets
     */
    public BladeletProvider(String symbolicName, String version, boolean extension, ExtensionDescriptor descriptor,
                            ClassLoader loader, Path dataFolder, long sequence, StepServices services) {
        this.symbolicName = Objects.requireNonNull(symbolicName, "symbolicName");
        this.version = Objects.requireNonNull(version, "version");
        this.extension = extension;
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.dataFolder = Objects.requireNonNull(dataFolder, "dataFolder");
        this.sequence = sequence;
        this.services = Objects.requireNonNull(services, "services");
    }

    public String symbolicName() {
        return symbolicName;
    }

    public String version() {
        return version;
    }

    public boolean extension() {
        return extension;
    }

    public ExtensionDescriptor descriptor() {
        return descriptor;
    }

    /** The bundle's class loader: the context class loader of a thread while it runs one of these bladelets. */
    ClassLoader classLoader() {
        return loader;
    }

    long sequence() {
        return sequence;
    }

    /** Counts a call in; false once the bundle is stopping. */
    synchronized boolean enter() {
        if (stopping) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    synchronized void stop() {
        stopping = true;
    }

    /** Waits until no call is in flight, at most {@code bound}; true when none is. */
    public synchronized boolean awaitIdle(Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (inFlight > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * The instance for one place in the flows (a step or a method), built on first use with its
     * parameters checked against this version's descriptor.
     *
     * @throws StepFailure UNAVAILABLE when the parameters do not fit this version, FAILED when the constructor fails
     */
    Object instance(Object key, BladeletDescriptor bladelet, Map<String, String> parameters, String stepName) throws StepFailure {
        Object existing = instances.get(key);
        if (existing != null) {
            return existing;
        }
        Parameters checked;
        try {
            checked = ParameterValidator.validate(bladelet, parameters);
        } catch (InvalidParametersException e) {
            LOG.log(System.Logger.Level.ERROR, "{0} {1}: step {2}: {3}", symbolicName, version, stepName, e.getMessage());
            throw new StepFailure(StepFailure.Kind.UNAVAILABLE, "step '" + stepName + "' has parameters that "
                    + symbolicName + " " + version + " does not accept");
        }
        try {
            Object built = BladeletFactory.create(loader, bladelet,
                    new EngineBladeletContext(symbolicName, bladelet.name(), stepName, checked, dataFolder, services));
            Object raced = instances.putIfAbsent(key, built);
            if (raced != null) {
                closeQuietly(built);
                return raced;
            }
            return built;
        } catch (BladeletCreationException e) {
            LOG.log(System.Logger.Level.ERROR, symbolicName + " " + version + ": step " + stepName + ": " + e.getMessage(), e);
            throw new StepFailure(StepFailure.Kind.FAILED, "step '" + stepName + "' could not be built");
        }
    }

    /**
     * Builds an instance only to see that it can be built (its files read, its keys found), and
     * gives it to {@code look} before closing it; nothing is kept. For built-in methods, whose
     * constructors check their resources, when a flows document is checked.
     *
     * @return the constructor's complaint, or empty when it built
     */
    public Optional<String> trial(BladeletDescriptor bladelet, Map<String, String> parameters, String name,
                                  java.util.function.Consumer<Object> look) {
        Object built;
        try {
            built = BladeletFactory.create(loader, bladelet, new EngineBladeletContext(symbolicName, bladelet.name(), name,
                    ParameterValidator.validate(bladelet, parameters), dataFolder, services));
        } catch (InvalidParametersException e) {
            return Optional.of(e.getMessage());
        } catch (BladeletCreationException e) {
            Throwable cause = e.getCause();
            return Optional.of(cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                    ? cause.getMessage() : e.getMessage());
        }
        try {
            look.accept(built);
        } finally {
            closeQuietly(built);
        }
        return Optional.empty();
    }

    /** Closes and forgets the instances whose key passes the filter. */
    void close(Predicate<Object> keys) {
        instances.keySet().removeIf(key -> {
            if (keys.test(key)) {
                closeQuietly(instances.get(key));
                return true;
            }
            return false;
        });
    }

    static void closeQuietly(Object instance) {
        try {
            if (instance instanceof Bladelet b) {
                b.close();
            } else if (instance instanceof Authenticator a) {
                a.close();
            } else if (instance instanceof Authorizer z) {
                z.close();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + instance.getClass().getName() + " failed", e);
        }
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}
