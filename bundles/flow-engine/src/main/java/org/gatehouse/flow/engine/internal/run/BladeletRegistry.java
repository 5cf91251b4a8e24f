package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.gatehouse.flow.engine.api.BladeletInfo;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;

/**
 * The bladelets the engine can use now: extensions by symbolic name (when two versions are
 * started, the one started last gets new messages), built-in bladelets from platform bundles'
 * descriptors, and built-in steps from {@code PlatformStepFactory} services. Look-ups read
 * immutable maps swapped on each change, so the message path takes no lock.
 */
public final class BladeletRegistry {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.bladelets");

    private final ExtensionHealthBook health;
    private final List<BladeletProvider> providers = new ArrayList<>();
    private final List<PlatformStepSource> stepSources = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, BladeletProvider> extensions = Map.of();
    private volatile Map<String, BladeletProvider> builtins = Map.of();
    private volatile Map<String, PlatformStepSource> platformSteps = Map.of();

    public BladeletRegistry(ExtensionHealthBook health) {
        this.health = health;
    }

    /** Called after every change, outside any lock of the registry. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** A bundle with a descriptor started; a new version of a quarantined extension lifts the quarantine. */
    public void add(BladeletProvider provider) {
        synchronized (this) {
            providers.add(provider);
            rebuild();
        }
        if (provider.extension()) {
            health.of(provider.symbolicName()).lift("version " + provider.version() + " started");
        }
        LOG.log(System.Logger.Level.INFO, "bladelets of {0} {1} available: {2}", provider.symbolicName(), provider.version(),
                provider.descriptor().bladelets().stream().map(BladeletDescriptor::name).toList());
        listeners.forEach(Runnable::run);
    }

    /**
     * A bundle is stopping: new messages stop reaching it at once; the calls in flight get up to
     * {@code drain} to finish, then its instances close. Runs on the thread stopping the bundle.
     */
    public void remove(BladeletProvider provider, Duration drain) {
        provider.stop();
        boolean lastVersion;
        synchronized (this) {
            providers.remove(provider);
            rebuild();
            lastVersion = provider.extension() && !extensions.containsKey(provider.symbolicName());
        }
        if (lastVersion) {
            // no version left to run them: the messages waiting for a slot get the answer of a stopped extension now
            health.of(provider.symbolicName()).stopped();
        }
        listeners.forEach(Runnable::run);
        try {
            if (!provider.awaitIdle(drain)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} calls still running after {2} ms; closing its bladelets anyway",
                        provider, provider.inFlight(), drain.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        provider.close(key -> true);
    }

    public void addStep(PlatformStepSource source) {
        synchronized (this) {
            stepSources.add(source);
            rebuild();
        }
        listeners.forEach(Runnable::run);
    }

    public void removeStep(PlatformStepSource source) {
        synchronized (this) {
            stepSources.remove(source);
            rebuild();
        }
        listeners.forEach(Runnable::run);
        source.close(key -> true);
    }

    private void rebuild() {
        Map<String, BladeletProvider> ext = new HashMap<>();
        Map<String, BladeletProvider> builtin = new HashMap<>();
        providers.stream().sorted(Comparator.comparingLong(BladeletProvider::sequence)).forEach(p -> {
            if (p.extension()) {
                ext.put(p.symbolicName(), p); // a later start wins
            } else {
                p.descriptor().bladelets().forEach(b -> {
                    BladeletProvider first = builtin.putIfAbsent(b.name(), p);
                    if (first != null && first != p) {
                        LOG.log(System.Logger.Level.WARNING, "built-in bladelet {0} of {1} ignored: {2} declares it too",
                                b.name(), p, first);
                    }
                });
            }
        });
        Map<String, PlatformStepSource> steps = new LinkedHashMap<>();
        stepSources.forEach(s -> steps.putIfAbsent(s.name(), s));
        extensions = Map.copyOf(ext);
        builtins = Map.copyOf(builtin);
        platformSteps = Map.copyOf(steps);
    }

    /** The version of the extension that new messages use. */
    public Optional<BladeletProvider> extension(String symbolicName) {
        return Optional.ofNullable(extensions.get(symbolicName));
    }

    /** The platform bundle whose descriptor declares this built-in bladelet. */
    public Optional<BladeletProvider> builtin(String bladelet) {
        return Optional.ofNullable(builtins.get(bladelet));
    }

    public Optional<PlatformStepSource> platformStep(String name) {
        return Optional.ofNullable(platformSteps.get(name));
    }

    /** Names of the built-in bladelets of that kind, for error messages. */
    public List<String> builtinNames(BladeletKind kind) {
        List<String> names = new ArrayList<>();
        if (kind == BladeletKind.STEP) {
            names.addAll(platformSteps.keySet());
        }
        builtins.forEach((name, p) -> p.descriptor().bladelet(name).filter(b -> b.kind() == kind).ifPresent(b -> names.add(name)));
        return names.stream().sorted().distinct().toList();
    }

    /** Closes the instances built for places of the flows that the filter picks, wherever they were built. */
    public void closeInstances(Predicate<Object> keys) {
        List<BladeletProvider> ps;
        List<PlatformStepSource> ss;
        synchronized (this) {
            ps = List.copyOf(providers);
            ss = List.copyOf(stepSources);
        }
        ps.forEach(p -> p.close(keys));
        ss.forEach(s -> s.close(keys));
    }

    /** Every bladelet usable now. */
    public List<BladeletInfo> bladelets() {
        List<BladeletInfo> all = new ArrayList<>();
        platformSteps.values().forEach(s -> all.add(new BladeletInfo(s.name(), BladeletKind.STEP.xmlName(), "", "",
                s.factory().descriptor().description())));
        builtins.forEach((name, p) -> p.descriptor().bladelet(name).ifPresent(b ->
                all.add(new BladeletInfo(name, b.kind().xmlName(), "", "", b.description()))));
        extensions.values().forEach(p -> p.descriptor().bladelets().forEach(b ->
                all.add(new BladeletInfo(b.name(), b.kind().xmlName(), p.symbolicName(), p.version(), b.description()))));
        all.sort(Comparator.comparing(BladeletInfo::extension).thenComparing(BladeletInfo::name));
        return all;
    }

    /** The version in use of each started extension. */
    public String versionOf(String symbolicName) {
        BladeletProvider p = extensions.get(symbolicName);
        return p == null ? "" : p.version();
    }

    /** Names of the started extensions. */
    public List<String> extensionNames() {
        return extensions.keySet().stream().sorted().toList();
    }
}
