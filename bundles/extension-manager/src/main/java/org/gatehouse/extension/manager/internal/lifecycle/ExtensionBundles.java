package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.descriptor.BladeletFactory;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The framework side of the lifecycle: every install goes through the control module's
 * {@link ExtensionInstaller} (so the policy is merged before any extension code can run), the
 * bladelets are checked in the installed bundle before it starts, and each failure becomes an
 * {@link ExtensionOperationException} naming the bundle and what went wrong.
 */
final class ExtensionBundles {
    private static final Logger LOG = System.getLogger(ExtensionBundles.class.getName());

    private final BundleContext context;
    private final ExtensionInstaller installer;

    ExtensionBundles(BundleContext context, ExtensionInstaller installer) {
        this.context = context;
        this.installer = installer;
    }

    /** Puts the extension's policy document in force (or removes the uploaded one); in force when this returns. */
    void setPolicy(String symbolicName, Optional<byte[]> policy) throws ExtensionOperationException {
        try {
            installer.replacePolicy(symbolicName, policy);
        } catch (XmlDocumentException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(e.getMessage()));
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.FAILED, "policy of " + symbolicName + " not written: " + e, e);
        }
    }

    /** Installs (not starts) a stored jar; {@code beside} puts it next to an installed version of it. */
    Bundle install(Path jar, boolean beside, String what) throws ExtensionOperationException {
        try {
            return beside ? installer.installBeside(jar, Optional.empty()) : installer.install(jar, Optional.empty());
        } catch (BundleException e) {
            Kind kind = e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR ? Kind.CONFLICT : Kind.INVALID;
            throw new ExtensionOperationException(kind, List.of(what + ": the framework refused it: " + e.getMessage()));
        } catch (XmlDocumentException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            throw new ExtensionOperationException(Kind.FAILED, what + ": not installed: " + e, e);
        }
    }

    /**
     * Resolves the bundle and checks that every bladelet class of its descriptor loads from it and
     * implements its kind's interface, without initializing any class (no extension code runs).
     */
    void checkBladelets(Bundle bundle, ExtensionDescriptor descriptor, String what) throws ExtensionOperationException {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        if (!wiring.resolveBundles(List.of(bundle))) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(what + ": does not resolve: " + resolutionProblem(bundle, descriptor)));
        }
        ClassLoader loader = bundle.adapt(BundleWiring.class).getClassLoader();
        for (BladeletDescriptor bladelet : descriptor.bladelets()) {
            try {
                BladeletFactory.constructorOf(loader, bladelet);
            } catch (BladeletCreationException e) {
                throw new ExtensionOperationException(Kind.INVALID, List.of(what + ": " + e.getMessage()));
            }
        }
    }

    /** Felix says why a bundle does not resolve when asked to load a class from it. */
    private static String resolutionProblem(Bundle bundle, ExtensionDescriptor descriptor) {
        try {
            bundle.loadClass(descriptor.bladelets().get(0).className());
            return "unknown reason";
        } catch (ClassNotFoundException | RuntimeException e) {
            return e.getMessage();
        }
    }

    void start(Bundle bundle, String what) throws ExtensionOperationException {
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            throw new ExtensionOperationException(Kind.FAILED, what + ": did not start: " + e.getMessage(), e);
        }
    }

    void stop(Bundle bundle, String what) throws ExtensionOperationException {
        try {
            bundle.stop();
        } catch (BundleException | RuntimeException e) {
            throw new ExtensionOperationException(Kind.FAILED, what + ": did not stop: " + e.getMessage(), e);
        }
    }

    /** Uninstalls as part of undoing or finishing an operation; a failure is logged, the bundle is gone at the next start anyway. */
    void uninstallQuietly(Bundle bundle) {
        try {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        } catch (BundleException | RuntimeException e) {
            LOG.log(Level.ERROR, "extension bundle " + bundle.getLocation() + " not uninstalled: " + e.getMessage(), e);
        }
    }
}
