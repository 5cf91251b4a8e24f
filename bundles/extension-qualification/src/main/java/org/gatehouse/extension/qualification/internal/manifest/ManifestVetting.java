package org.gatehouse.extension.qualification.internal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Step 3 of qualification (docs/extensions.md "Install qualification", manifest vetting): what a bundle's manifest may ask of the
 * framework. Every violation is reported, not only the first, so an extension author can fix
 * them in one go.
 * <ul>
 *   <li>no framework-extension fragment (host {@code system.bundle} or the framework's own
 *       name, or an {@code extension:=} directive): it would run inside the framework;</li>
 *   <li>no fragment of a platform bundle and no {@code Require-Bundle} on one: either would see
 *       the platform bundle's private classes;</li>
 *   <li>the bundle does not take the symbolic name of a configured platform bundle;</li>
 *   <li>{@code Import-Package} and {@code DynamicImport-Package} only from allowed packages;</li>
 *   <li>no {@code Export-Package} of {@code org.gatehouse} packages (squatting the platform's
 *       packages) or of {@code java} packages;</li>
 *   <li>a {@code Bundle-NativeCode} header that parses; whether native code may come in at all is
 *       decided with the rule that admits the bundle, {@link #nativeCodePaths} says which files it names.</li>
 * </ul>
 */
public final class ManifestVetting {
    /** Names the framework answers to as a bundle (OSGi Core 8, 3.15; Felix's own name). */
    private static final Set<String> FRAMEWORK_NAMES = Set.of("system.bundle", "org.apache.felix.framework");
    private static final String PLATFORM_PREFIX = "org.gatehouse";
    private static final String NATIVE_CODE = "Bundle-NativeCode";

    private final Set<String> platformSymbolicNames;
    private final PackagePatterns allowedImports;

    public ManifestVetting(Set<String> platformSymbolicNames, List<String> allowedImports) {
        this.platformSymbolicNames = Set.copyOf(platformSymbolicNames);
        this.allowedImports = new PackagePatterns(allowedImports);
    }

    /**
     * The files {@code Bundle-NativeCode} names, as entry names (a leading {@code /} dropped), in
     * header order without repeats; the optional {@code *} clause names none.
     */
    public static List<String> nativeCodePaths(BundleManifest bundle) throws Denial {
        List<String> paths = new ArrayList<>();
        try {
            for (ManifestHeader.Clause clause : clauses(bundle, NATIVE_CODE)) {
                for (String path : clause.paths()) {
                    String entry = path.startsWith("/") ? path.substring(1) : path;
                    if (!entry.equals("*") && !paths.contains(entry)) {
                        paths.add(entry);
                    }
                }
            }
        } catch (ManifestHeader.MalformedHeaderException e) {
            throw new Denial("malformed manifest header " + e.getMessage());
        }
        return paths;
    }

    /** True when the manifest has a {@code Bundle-NativeCode} header, however it is spelt and whatever it says. */
    public static boolean declaresNativeCode(BundleManifest bundle) {
        return bundle.attributes().getValue(NATIVE_CODE) != null;
    }

    /** Returns informational findings when the manifest passes; denies with every violation otherwise. */
    public List<String> vet(BundleManifest bundle) throws Denial {
        List<String> violations = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        try {
            checkOwnName(bundle, violations);
            checkFragmentHost(bundle, violations);
            checkRequireBundle(bundle, violations);
            checkImports(bundle, violations);
            checkDynamicImports(bundle, violations);
            checkExports(bundle, violations);
            clauses(bundle, NATIVE_CODE);
        } catch (ManifestHeader.MalformedHeaderException e) {
            violations.add("malformed manifest header " + e.getMessage());
        }
        if (!violations.isEmpty()) {
            throw new Denial(violations);
        }
        return findings;
    }

    private void checkOwnName(BundleManifest bundle, List<String> violations) {
        // only the configured names: the org.gatehouse prefix alone would refuse the project's
        // own sample extensions, which are org.gatehouse.<artifactId> too
        if (platformSymbolicNames.contains(bundle.symbolicName()) || FRAMEWORK_NAMES.contains(bundle.symbolicName())) {
            violations.add("platform symbolic name: Bundle-SymbolicName [" + bundle.symbolicName() + "] belongs to the platform");
        }
    }

    private void checkFragmentHost(BundleManifest bundle, List<String> violations) throws ManifestHeader.MalformedHeaderException {
        for (ManifestHeader.Clause clause : clauses(bundle, "Fragment-Host")) {
            String host = clause.paths().get(0);
            if (FRAMEWORK_NAMES.contains(host) || clause.directives().containsKey("extension")) {
                violations.add("framework extension fragment: Fragment-Host [" + host + "]"
                        + (clause.directives().containsKey("extension") ? " with extension:=" + clause.directives().get("extension") : ""));
            } else if (isPlatform(host)) {
                violations.add("fragment of platform bundle: Fragment-Host [" + host + "]");
            }
        }
    }

    private void checkRequireBundle(BundleManifest bundle, List<String> violations) throws ManifestHeader.MalformedHeaderException {
        for (ManifestHeader.Clause clause : clauses(bundle, "Require-Bundle")) {
            for (String required : clause.paths()) {
                if (isPlatform(required) || FRAMEWORK_NAMES.contains(required)) {
                    violations.add("Require-Bundle on platform bundle [" + required + "]");
                }
            }
        }
    }

    private void checkImports(BundleManifest bundle, List<String> violations) throws ManifestHeader.MalformedHeaderException {
        for (ManifestHeader.Clause clause : clauses(bundle, "Import-Package")) {
            for (String pkg : clause.paths()) {
                if (PackagePatterns.isJava(pkg)) {
                    violations.add("forbidden import: Import-Package [" + pkg + "]: java packages come from the JDK and are never imported");
                } else if (!allowedImports.allows(pkg)) {
                    violations.add("forbidden import: Import-Package [" + pkg + "] is not an allowed package (allowed: " + allowedImports + ")");
                }
            }
        }
    }

    private void checkDynamicImports(BundleManifest bundle, List<String> violations) throws ManifestHeader.MalformedHeaderException {
        for (ManifestHeader.Clause clause : clauses(bundle, "DynamicImport-Package")) {
            for (String pattern : clause.paths()) {
                if (!allowedImports.allowsDynamic(pattern)) {
                    violations.add("forbidden import: DynamicImport-Package [" + pattern + "] reaches beyond the allowed packages (allowed: "
                            + allowedImports + ")");
                }
            }
        }
    }

    private void checkExports(BundleManifest bundle, List<String> violations) throws ManifestHeader.MalformedHeaderException {
        for (ManifestHeader.Clause clause : clauses(bundle, "Export-Package")) {
            for (String pkg : clause.paths()) {
                if (isPlatform(pkg)) {
                    violations.add("platform package export: Export-Package [" + pkg + "] squats a platform package");
                } else if (PackagePatterns.isJava(pkg)) {
                    violations.add("platform package export: Export-Package [" + pkg + "] is a JDK package");
                }
            }
        }
    }

    private boolean isPlatform(String name) {
        return platformSymbolicNames.contains(name) || name.equals(PLATFORM_PREFIX) || name.startsWith(PLATFORM_PREFIX + ".");
    }

    private static List<ManifestHeader.Clause> clauses(BundleManifest bundle, String header) throws ManifestHeader.MalformedHeaderException {
        return ManifestHeader.parse(header, bundle.attributes().getValue(header));
    }
}
