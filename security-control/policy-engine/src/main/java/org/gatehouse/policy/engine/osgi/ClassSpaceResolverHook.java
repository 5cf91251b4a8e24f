package org.gatehouse.policy.engine.osgi;

import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.NativeNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The class-space rules of docs/threat-model.md "Class-space rules" as a resolver hook. An extension may wire to:
 * <ul>
 *   <li>packages of the platform (and of the JDK through the system bundle) only when the system
 *       policy's class-space allow-list names them, for Import-Package and DynamicImport-Package alike;</li>
 *   <li>no platform bundle as a fragment host (so no fragments of platform bundles and no
 *       framework-extension fragments) and no platform bundle through Require-Bundle.</li>
 * </ul>
 * An extension's native code clause (Bundle-NativeCode) is matched only when its policy grants
 * {@code native * load}: a mandatory clause then fails to resolve, an optional one resolves without
 * native code. While the sandbox is not enforcing (no decider installed in the bridge) and
 * enforcement is required, no extension resolves at all. Extensions may wire to each other. A platform bundle never wires to an extension's packages,
 * so an extension cannot stand in for a platform package. Other namespaces are not filtered.
 */
final class ClassSpaceResolverHook implements ResolverHookFactory {
    private final BundleClassifier classifier;
    private final Supplier<List<String>> allowedPackages;
    private final Predicate<Bundle> mayLoadNative;
    private final BooleanSupplier extensionsMayRun;

    ClassSpaceResolverHook(BundleClassifier classifier, Supplier<List<String>> allowedPackages, Predicate<Bundle> mayLoadNative,
            BooleanSupplier extensionsMayRun) {
        this.classifier = classifier;
        this.allowedPackages = allowedPackages;
        this.mayLoadNative = mayLoadNative;
        this.extensionsMayRun = extensionsMayRun;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        List<String> allowed = allowedPackages.get();
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                // Never shrink this in Felix 7.0.5: a shrunk list becomes a whitelist that also drops
                // every already-resolved provider (the system bundle's packages included) from all
                // later resolutions while the refused bundle stays installed. Native code is
                // refused in filterMatches instead.
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
                // singletons are the framework's business
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                candidates.removeIf(candidate -> !allowed(requirement, candidate, allowed));
            }

            @Override
            public void end() {
                // nothing held between calls
            }
        };
    }

    boolean allowed(BundleRequirement requirement, BundleCapability candidate, List<String> allowed) {
        if (!extensionsMayRun.getAsBoolean() && classifier.isExtension(requirement.getRevision().getBundle())) {
            // fail closed: with no decider in the bridge nothing would guard extension code, so no
            // requirement of an extension is met (osgi.ee included) and it never resolves
            return false;
        }
        String namespace = requirement.getNamespace();
        if (namespace.equals(NativeNamespace.NATIVE_NAMESPACE)) {
            // Bundle-NativeCode: an extension gets its native libraries only when it may load native code
            Bundle requirer = requirement.getRevision().getBundle();
            return !classifier.isExtension(requirer) || mayLoadNative.test(requirer);
        }
        boolean wiring = namespace.equals(PackageNamespace.PACKAGE_NAMESPACE) || namespace.equals(HostNamespace.HOST_NAMESPACE)
                || namespace.equals(BundleNamespace.BUNDLE_NAMESPACE);
        if (!wiring) {
            return true;
        }
        Bundle requirer = requirement.getRevision().getBundle();
        Bundle provider = candidate.getRevision().getBundle();
        boolean requirerIsExtension = classifier.isExtension(requirer);
        boolean providerIsExtension = classifier.isExtension(provider);
        if (!requirerIsExtension) {
            return !providerIsExtension;
        }
        if (providerIsExtension) {
            return true;
        }
        if (namespace.equals(PackageNamespace.PACKAGE_NAMESPACE)) {
            Object name = candidate.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            return name instanceof String && packageAllowed((String) name, allowed);
        }
        return false;
    }

    /** {@code a.b} matches only itself, {@code a.b.*} the packages below {@code a.b}, {@code *} all. */
    static boolean packageAllowed(String packageName, List<String> allowed) {
        for (String pattern : allowed) {
            if (pattern.equals("*") || pattern.equals(packageName)) {
                return true;
            }
            if (pattern.endsWith(".*") && packageName.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
