package org.gatehouse.policy.engine.osgi;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.audit.AuditFileSink;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The control module inside the framework, in start order: classify the bundles present, build
 * the first policy generation, register the class-space hooks, install the sandbox decider, then
 * follow bundles, policy files, custom permission types and audit sinks. {@link #stop()} undoes
 * all of it except the decider, which the bridge keeps for the life of the JVM.
 */
public final class SandboxControl {
    private static final Logger LOG = System.getLogger(SandboxControl.class.getName());
    private static final Duration DENIAL_AUDIT_WINDOW = Duration.ofSeconds(10);

    private final BundleContext context;
    private final ControlSettings settings;
    private final FanOutAuditSink audit = new FanOutAuditSink();
    private final PolicyEngine engine = new PolicyEngine(audit, Clock.systemUTC(), DENIAL_AUDIT_WINDOW);
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private BundleClassifier classifier;
    private LoaderCodebases loaders;
    private PolicyRefresher refresher;
    private PolicyFileWatcher watcher;
    private SynchronousBundleListener bundleListener;
    private ServiceTracker<PermissionType, PermissionType> types;
    private ServiceTracker<AuditSink, AuditSink> sinks;
    private volatile boolean deciderInstalled;
    private ScheduledExecutorService useFlush;

    public SandboxControl(BundleContext context) {
        this.context = context;
        this.settings = ControlSettings.from(context);
    }

    /**
     * @throws XmlDocumentException when the system policy file or a file of
     *                              {@code extension-policies/} exists but does not read: the
     *                              element refuses to start (its launcher prints the message)
     */
    public void start() throws XmlDocumentException, IOException {
        classifier = BundleClassifier.atStart(settings.extensionsFolder(), settings.platformBundlesFolder(),
                settings.platformLocations(), context.getBundles());
        loaders = new LoaderCodebases(classifier);
        openAuditFile();
        refresher = new PolicyRefresher(context, settings, classifier, engine, audit);
        refresher.requireReadablePolicies();
        trackAuditSinks();
        refresher.refreshNow();
        registerHooks();
        for (Bundle bundle : context.getBundles()) {
            loaders.register(bundle);
        }
        listenToBundles();
        trackPermissionTypes();
        deciderInstalled = BridgeInstallation.install(loaders, engine);
        if (!deciderInstalled && settings.enforcementRequired()) {
            LOG.log(Level.ERROR, "the sandbox is not enforcing: extensions will not resolve (" + ControlSettings.ENFORCEMENT + "=required)");
        }
        registerServices();
        flushUseCounts();
        watchPolicyFiles();
        reresolveExtensionsResolvedTooEarly();
        LOG.log(Level.INFO, "policy engine started: generation " + engine.current().generation() + ", "
                + engine.current().merges().size() + " extension(s), conf " + settings.conf());
    }

    /** {@code <data>/audit/audit.log}; without it the log stream still carries every event, and says so. */
    private void openAuditFile() {
        Path path = settings.data().resolve("audit").resolve("audit.log");
        try {
            audit.useFile(AuditFileSink.open(path));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot open the audit file " + path + ": audit events go to the log only (" + e + ")");
        }
    }

    private void registerHooks() {
        ClassSpaceResolverHook resolverHook = new ClassSpaceResolverHook(classifier,
                () -> engine.current().system().allowedPackages(),
                bundle -> engine.current().decide(BundleClassifier.codebaseOf(bundle), "native", "*", "load").allowed(),
                () -> deciderInstalled || !settings.enforcementRequired());
        registrations.add(context.registerService(ResolverHookFactory.class, resolverHook, null));
        ServiceVisibilityHooks serviceHooks = new ServiceVisibilityHooks(classifier,
                (bundle, name) -> engine.current().decide(BundleClassifier.codebaseOf(bundle), "osgi", "service:" + name, "get").allowed());
        registrations.add(context.registerService(new String[] {
                org.osgi.framework.hooks.service.FindHook.class.getName(),
                org.osgi.framework.hooks.service.EventListenerHook.class.getName()}, serviceHooks, null));
        PlatformBundleHiding bundleHooks = new PlatformBundleHiding(classifier);
        registrations.add(context.registerService(new String[] {
                org.osgi.framework.hooks.bundle.FindHook.class.getName(),
                org.osgi.framework.hooks.bundle.EventHook.class.getName()}, bundleHooks, null));
    }

    private void listenToBundles() {
        bundleListener = event -> {
            Bundle bundle = event.getBundle();
            if (event.getType() == BundleEvent.RESOLVED) {
                loaders.register(bundle);
            }
            if (event.getType() == BundleEvent.INSTALLED && classifier.isExtension(bundle)
                    && FrameworkExtensionGuard.isFrameworkExtension(bundle)) {
                refuseFrameworkExtension(bundle);
                return;
            }
            boolean membership = event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED
                    || event.getType() == BundleEvent.UNINSTALLED;
            if (membership && classifier.isExtension(bundle)) {
                if (event.getType() == BundleEvent.UNINSTALLED) {
                    refresher.policies().forget(bundle);
                }
                // synchronously: the extension must not run before its policy is in force
                refresher.refreshNow();
            }
        };
        context.addBundleListener(bundleListener);
    }

    private void refuseFrameworkExtension(Bundle bundle) {
        String message = "extension " + bundle.getSymbolicName() + " (" + bundle.getLocation()
                + ") is a framework-extension fragment and was uninstalled";
        LOG.log(Level.ERROR, message);
        audit.record(new AuditEvent(Instant.now(), AuditEvent.POLICY_REJECTED, BundleClassifier.codebaseOf(bundle).id(), message, List.of()));
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.ERROR, "could not uninstall " + bundle.getLocation(), e);
        }
    }

    private void trackPermissionTypes() {
        types = new ServiceTracker<>(context, PermissionType.class, null) {
            @Override
            public PermissionType addingService(ServiceReference<PermissionType> reference) {
                if (classifier.isExtension(reference.getBundle())) {
                    return null; // custom types come from platform bundles only: not tracked
                }
                PermissionType type = super.addingService(reference);
                if (type == null) {
                    return null;
                }
                try {
                    refresher.setRegistry(refresher.registry().with(type));
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.ERROR, "permission type not registered: " + e.getMessage());
                }
                return type;
            }

            @Override
            public void removedService(ServiceReference<PermissionType> reference, PermissionType type) {
                refresher.setRegistry(refresher.registry().without(type.name()));
                super.removedService(reference, type);
            }
        };
        types.open();
    }

    private void trackAuditSinks() {
        sinks = new ServiceTracker<>(context, AuditSink.class, null) {
            @Override
            public AuditSink addingService(ServiceReference<AuditSink> reference) {
                if (classifier.isExtension(reference.getBundle())) {
                    return null; // an extension may not read the audit trail: not tracked
                }
                AuditSink sink = super.addingService(reference);
                if (sink != null) {
                    audit.add(sink);
                }
                return sink;
            }

            @Override
            public void removedService(ServiceReference<AuditSink> reference, AuditSink sink) {
                audit.remove(sink);
                super.removedService(reference, sink);
            }
        };
        sinks.open();
    }

    private void registerServices() {
        registrations.add(context.registerService(ExtensionInstaller.class, new BundleExtensionInstaller(context, refresher), new Hashtable<>()));
        registrations.add(context.registerService(PolicyService.class,
                new OsgiPolicyService(engine, refresher, classifier, loaders, audit), new Hashtable<>()));
    }

    /** Not fatal: without a watch, policy edits take effect on the next bundle change or PolicyService.refresh(). */
    private void watchPolicyFiles() {
        try {
            watcher = new PolicyFileWatcher(context, settings, refresher::request);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "policy files under " + settings.conf() + " are not watched: " + e);
        }
    }

    /** Extensions resolved before the hooks existed (e.g. from the framework cache) resolve again under them. */
    private void reresolveExtensionsResolvedTooEarly() {
        List<Bundle> early = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (classifier.isExtension(bundle) && (bundle.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                early.add(bundle);
            }
        }
        if (!early.isEmpty()) {
            LOG.log(Level.WARNING, early.size() + " extension(s) were resolved before the policy engine started; refreshing them");
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(early);
        }
    }

    /** The engine, for the framework-level tests and the management plane. */
    public PolicyEngine engine() {
        return engine;
    }

    /** Whether the sandbox bridge asks this engine. */
    public boolean deciderInstalled() {
        return deciderInstalled;
    }

    /** The counts of audit events past an extension's budget are audited when its window ends, also if it then goes quiet. */
    private void flushUseCounts() {
        useFlush = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-use-audit");
            t.setDaemon(true);
            return t;
        });
        useFlush.scheduleWithFixedDelay(engine.uses()::flush, DENIAL_AUDIT_WINDOW.toMillis(), DENIAL_AUDIT_WINDOW.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void stop() throws IOException {
        if (useFlush != null) {
            useFlush.shutdownNow();
            engine.uses().flush();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (bundleListener != null) {
            context.removeBundleListener(bundleListener);
        }
        if (types != null) {
            types.close();
        }
        if (sinks != null) {
            sinks.close();
        }
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        }
        registrations.clear();
        if (refresher != null) {
            refresher.close();
        }
        // the audit file stays open: the bridge keeps this engine's decider for the JVM's life
        // (install-once), and its denials must still be recorded
    }

    LoaderCodebases loaders() {
        return loaders;
    }
}
