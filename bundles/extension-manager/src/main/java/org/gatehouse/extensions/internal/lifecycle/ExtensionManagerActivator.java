package org.gatehouse.extensions.internal.lifecycle;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gatehouse.extensions.api.ExtensionManager;
import org.gatehouse.extensions.internal.store.ExtensionStore;
import org.gatehouse.policy.api.ExtensionInstaller;
import org.gatehouse.policy.api.PolicyService;
import org.gatehouse.schemas.XmlDocumentException;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Starts the extension manager once the control module's {@link ExtensionInstaller} and
 * {@link PolicyService} are there: recovers the store under {@code <gatehouse.data.dir>/extension-store},
 * re-installs every stored extension in its stored state (the framework cache is wiped at every
 * start), then registers the {@link ExtensionManager} service. The waiting and the restoring run on
 * a thread of their own so that the framework's start is not held up. Before that, in the bundle's
 * start, the qualification rules and the signature database are read once: a file of them that
 * exists and does not read fails the start with its message (file, line:column, path, reason), so
 * the element does not come up on qualification files its operator cannot have meant.
 *
 * <p>Framework properties: {@code gatehouse.home}, {@code gatehouse.conf.dir} (default
 * {@code <home>/conf}), {@code gatehouse.data.dir} (default {@code <home>/data}), and those of
 * {@link QualifierSource}.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class ExtensionManagerActivator implements BundleActivator {
    private static final Logger LOG = System.getLogger(ExtensionManagerActivator.class.getName());
    private static final long WAIT_SECONDS = 300;

    private ServiceTracker<ExtensionInstaller, ExtensionInstaller> installers;
    private ServiceTracker<PolicyService, PolicyService> policies;
    private ExecutorService starter;
    private volatile ServiceRegistration<ExtensionManager> registration;
    private volatile Supplier<Set<String>> quarantine = Set::of;
    private Path data;
    private QualifierSource qualifiers;

    /**
     * @throws XmlDocumentException when the rules file or the signature database exists but does
     *                              not read: the element refuses to start (its launcher prints the message)
     * @throws IllegalArgumentException when {@value QualifierSource#DEFAULT_ANSWER} is neither admit nor deny
     */
    @Override
    public void start(BundleContext context) throws XmlDocumentException {
        Path home = Path.of(property(context, "gatehouse.home", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path conf = Path.of(property(context, "gatehouse.conf.dir", home.resolve("conf").toString())).toAbsolutePath().normalize();
        data = Path.of(property(context, "gatehouse.data.dir", home.resolve("data").toString())).toAbsolutePath().normalize();
        qualifiers = new QualifierSource(conf, data,
                QualifierSource.admitWithoutRules(context.getProperty(QualifierSource.DEFAULT_ANSWER)),
                Boolean.parseBoolean(context.getProperty(QualifierSource.REQUIRE_SIGNATURE)));
        // nothing is opened before this: the framework does not call stop() after a failed start
        qualifiers.requireReadable();
        installers = new ServiceTracker<>(context, ExtensionInstaller.class, null);
        policies = new ServiceTracker<>(context, PolicyService.class, null);
        installers.open();
        policies.open();
        starter = Executors.newSingleThreadExecutor(r -> new Thread(r, "gatehouse-extension-restore"));
        starter.execute(() -> startWhenReady(context));
    }

    private void startWhenReady(BundleContext context) {
        try {
            ExtensionInstaller installer = installers.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            PolicyService policy = policies.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (installer == null || policy == null) {
                LOG.log(Level.ERROR, "the control module's services did not appear within " + WAIT_SECONDS
                        + " s: no extension is restored and no extension can be installed");
                return;
            }
            StoreBackedExtensionManager manager = create(context, installer, policy);
            manager.restore();
            registration = context.registerService(ExtensionManager.class, manager, new Hashtable<>());
            LOG.log(Level.INFO, "extension manager started with " + manager.list().size() + " stored extension(s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.ERROR, "extension manager not started: " + e.getMessage(), e);
        }
    }

    private StoreBackedExtensionManager create(BundleContext context, ExtensionInstaller installer, PolicyService policy)
            throws IOException {
        ExtensionStore store = ExtensionStore.open(data.resolve("extension-store"));
        UploadInspector inspector = new UploadInspector(store, qualifiers, policy, () -> platformSymbolicNames(context, policy));
        quarantine = FlowQuarantine.open(context);
        return new StoreBackedExtensionManager(store, inspector, new ExtensionBundles(context, installer), policy, quarantine);
    }

    /** Symbolic names of the bundles the control module trusts: an extension may not pose as one of them. */
    private static Set<String> platformSymbolicNames(BundleContext context, PolicyService policy) {
        Set<String> names = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && policy.extensionOf(b).isEmpty()) {
                names.add(b.getSymbolicName());
            }
        }
        return names;
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        starter.shutdownNow();
        starter.awaitTermination(10, TimeUnit.SECONDS);
        ServiceRegistration<ExtensionManager> r = registration;
        if (r != null) {
            r.unregister();
        }
        installers.close();
        policies.close();
        if (quarantine instanceof FlowQuarantine tracked) {
            tracked.close();
        }
    }
}
