package org.gatehouse.runtime.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Namespace;

/**
 * Explains why a bundle does not resolve, in terms an operator can act on: each mandatory
 * requirement that no installed bundle can satisfy ({@code missing osgi.wiring.package
 * (&(osgi.wiring.package=foo)(version>=1.0.0))}), or that only unresolved bundles could
 * satisfy. When every requirement has a provider the resolver refused it for another reason
 * (usually a uses-constraint conflict), and Felix's own explanation is quoted.
 */
final class ResolutionReport {
    private final BundleContext system;

    ResolutionReport(BundleContext system) {
        this.system = system;
    }

    String describe(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<String> problems = new ArrayList<>();
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            if (isMandatoryAtResolve(requirement)) {
                problemWith(requirement).ifPresent(problems::add);
            }
        }
        if (problems.isEmpty()) {
            problems.add(resolverExplanation(bundle));
        }
        return "platform bundle " + PlatformBundles.describe(bundle) + " does not resolve: " + String.join("; ", problems);
    }

    private Optional<String> problemWith(BundleRequirement requirement) {
        String what = requirement.getNamespace() + " " + requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "(any)");
        List<Bundle> providers = providers(requirement);
        if (providers.isEmpty()) {
            String kind = HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace()) ? "missing fragment host " : "missing requirement ";
            return Optional.of(kind + what);
        }
        if (providers.stream().allMatch(b -> b.getState() == Bundle.INSTALLED)) {
            String names = providers.stream().map(Bundle::getSymbolicName).distinct().collect(Collectors.joining(", "));
            return Optional.of("requirement " + what + " is offered only by " + names + ", which does not resolve either");
        }
        return Optional.empty();
    }

    private List<Bundle> providers(BundleRequirement requirement) {
        String text = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        Filter filter;
        try {
            filter = text == null ? null : FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            // nothing can satisfy a requirement whose filter does not parse
            return List.of();
        }
        List<Bundle> providers = new ArrayList<>();
        for (Bundle candidate : system.getBundles()) {
            BundleRevision revision = candidate.adapt(BundleRevision.class);
            if (revision != null && offers(revision, requirement.getNamespace(), filter)) {
                providers.add(candidate);
            }
        }
        return providers;
    }

    private static boolean offers(BundleRevision revision, String namespace, Filter filter) {
        for (BundleCapability capability : revision.getDeclaredCapabilities(namespace)) {
            if (filter == null || filter.matches(capability.getAttributes())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMandatoryAtResolve(BundleRequirement requirement) {
        Map<String, String> directives = requirement.getDirectives();
        String resolution = directives.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
        String effective = directives.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return !Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                && (effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective));
    }

    /** Felix explains a failed resolution in the exception thrown by start(). */
    private static String resolverExplanation(Bundle bundle) {
        if (PlatformBundles.isFragment(bundle)) {
            return "the fragment did not attach to its host " + bundle.getHeaders("").get("Fragment-Host");
        }
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return "the resolver refused it at first but it resolved on retry";
        } catch (BundleException | IllegalStateException e) {
            return e.getMessage();
        }
    }
}
