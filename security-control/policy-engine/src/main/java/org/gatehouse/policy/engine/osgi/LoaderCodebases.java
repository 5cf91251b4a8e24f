package org.gatehouse.policy.engine.osgi;

import java.util.Map;
import java.util.WeakHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Maps a class to whose code it is, by the identity of its class loader (never its CodeSource,
 * which a custom loader can forge; docs/policy-language.md "Codebases"). Loaders are learnt
 * from bundle wirings, held weakly so an uninstalled bundle's loader can go. A loader nobody
 * registered is looked at once more: a framework bundle loader that names its bundle (checked
 * against that bundle's own wiring), or a loader whose parent chain reaches an extension's loader
 * (code an extension made counts as that extension's). Anything else is unknown, and denied.
 * Answers are cached per class in a {@link ClassValue}, which does not pin classes; unknown is
 * never cached, so a loader registered a moment later is found.
 */
final class LoaderCodebases {
    private final BundleClassifier classifier;
    private final ClassLoader frameworkLoader;
    private final Map<ClassLoader, Attribution> loaders = new WeakHashMap<>();
    private final ClassValue<Attribution> byClass = new ClassValue<>() {
        @Override
        protected Attribution computeValue(Class<?> type) {
            return attributeLoader(type.getClassLoader());
        }
    };

    LoaderCodebases(BundleClassifier classifier) {
        this.classifier = classifier;
        this.frameworkLoader = Bundle.class.getClassLoader();
        // the launcher and the framework itself run from the application class path
        for (ClassLoader l = ClassLoader.getSystemClassLoader(); l != null; l = l.getParent()) {
            registerLoader(l, Attribution.PLATFORM);
        }
        if (frameworkLoader != null) {
            registerLoader(frameworkLoader, Attribution.PLATFORM);
        }
    }

    /** Whose code {@code type} is; JDK classes (boot and platform loaders) are platform. */
    Attribution attribute(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return Attribution.PLATFORM;
        }
        Attribution a = byClass.get(type);
        if (a.kind() == Attribution.Kind.UNKNOWN) {
            byClass.remove(type);
        }
        return a;
    }

    /** Whose code {@code loader} holds; the boot and platform loaders hold the JDK's, which is platform. */
    Attribution attribute(ClassLoader loader) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return Attribution.PLATFORM;
        }
        return attributeLoader(loader);
    }

    /** Learns the loaders of every revision of the bundle (call when it is resolved). */
    void register(Bundle bundle) {
        Attribution a = attributionOf(bundle);
        BundleRevisions revisions = bundle.adapt(BundleRevisions.class);
        if (revisions == null) {
            return;
        }
        for (BundleRevision revision : revisions.getRevisions()) {
            BundleWiring wiring = revision.getWiring();
            ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
            if (loader != null) {
                registerLoader(loader, a);
            }
        }
    }

    Attribution attributionOf(Bundle bundle) {
        return classifier.isExtension(bundle) ? Attribution.extension(BundleClassifier.codebaseOf(bundle)) : Attribution.PLATFORM;
    }

    private void registerLoader(ClassLoader loader, Attribution a) {
        synchronized (loaders) {
            loaders.put(loader, a);
        }
    }

    private Attribution registered(ClassLoader loader) {
        synchronized (loaders) {
            return loaders.get(loader);
        }
    }

    private Attribution attributeLoader(ClassLoader loader) {
        Attribution known = registered(loader);
        if (known != null) {
            return known;
        }
        Attribution framework = frameworkBundleLoader(loader);
        if (framework != null) {
            registerLoader(loader, framework);
            return framework;
        }
        for (ClassLoader parent = loader.getParent(); parent != null; parent = parent.getParent()) {
            Attribution p = registered(parent);
            if (p != null && p.kind() == Attribution.Kind.EXTENSION) {
                return p;
            }
        }
        return Attribution.unknown(loader);
    }

    /** A bundle loader of this framework whose bundle's wiring owns exactly this loader. */
    private Attribution frameworkBundleLoader(ClassLoader loader) {
        if (!(loader instanceof BundleReference) || loader.getClass().getClassLoader() != frameworkLoader) {
            return null;
        }
        Bundle bundle = ((BundleReference) loader).getBundle();
        BundleRevisions revisions = bundle == null ? null : bundle.adapt(BundleRevisions.class);
        if (revisions == null) {
            return null;
        }
        for (BundleRevision revision : revisions.getRevisions()) {
            BundleWiring wiring = revision.getWiring();
            if (wiring != null && wiring.getClassLoader() == loader) {
                return attributionOf(bundle);
            }
        }
        return null;
    }
}
