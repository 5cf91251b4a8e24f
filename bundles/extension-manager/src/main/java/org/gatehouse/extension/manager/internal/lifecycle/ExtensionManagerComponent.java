package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.function.Supplier;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.extension.manager.internal.alert.LoadAlerter;
import org.gatehouse.extension.manager.internal.store.ExtensionStore;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The extension manager as a Declarative Services component: once the control module's
 * {@link ExtensionInstaller} and {@link PolicyService} are there, recovers the store under
 * {@code <gatehouse.data.dir>/extension-store}, re-installs every stored extension in its stored
 * state (the framework cache is wiped at every start), then registers the {@link ExtensionManager}
 * service. Settings: {@link ManagerSettings}.
 *
 * <p>The component registers the service itself, after the restore, rather than have SCR register
 * it: SCR registers an immediate component's service before it activates the component, and a
 * caller must not see a manager whose stored extensions are not back yet. A store that cannot be
 * opened is logged and leaves the element without a manager (no upload is possible), as a
 * qualification file that stopped reading since the bundle's start does.
 *
 * <pre>{@code
 * ExtensionManagerComponent manager = new ExtensionManagerComponent(context, installer, policy);
 * ...
 * manager.deactivate();
 * }</pre>
 */
@Component(immediate = true, service = {})
public final class ExtensionManagerComponent {
    private static final Logger LOG = System.getLogger(ExtensionManagerComponent.class.getName());

    private Supplier<Set<String>> quarantine = Set::of;
    private ServiceRegistration<ExtensionManager> registration;
    private StoreBackedExtensionManager manager;

    @Activate
    public ExtensionManagerComponent(BundleContext context, @Reference(name = "installer") ExtensionInstaller installer,
            @Reference(name = "policy") PolicyService policy) {
        try {
            manager = create(context, installer, policy);
            manager.restore();
            registration = context.registerService(ExtensionManager.class, manager, new Hashtable<>());
            LOG.log(Level.INFO, "extension manager started with " + manager.list().size() + " stored extension(s)");
        } catch (IOException | XmlDocumentException | RuntimeException e) {
            LOG.log(Level.ERROR, "extension manager not started: " + e.getMessage(), e);
        }
    }

    private StoreBackedExtensionManager create(BundleContext context, ExtensionInstaller installer, PolicyService policy)
            throws IOException, XmlDocumentException {
        ManagerSettings settings = ManagerSettings.from(context);
        QualifierSource qualifiers = settings.qualifiers();
        // what reads now is what a later edit that does not read falls back to
        qualifiers.requireReadable();
        ExtensionStore store = ExtensionStore.open(settings.data().resolve("extension-store"));
        LoadAlerter alerts = LoadAlerter.start(settings.alerts());
        UploadInspector inspector = new UploadInspector(store, qualifiers, policy, () -> platformSymbolicNames(context, policy), alerts);
        quarantine = FlowQuarantine.open(context);
        return new StoreBackedExtensionManager(store, inspector, new ExtensionBundles(context, installer), policy, quarantine, alerts);
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

    @Deactivate
    public void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (manager != null) {
            manager.close();
            manager = null;
        }
        if (quarantine instanceof FlowQuarantine tracked) {
            tracked.close();
        }
    }
}
