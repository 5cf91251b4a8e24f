package org.gatehouse.extension.qualification.internal.manifest;

import java.util.List;

/**
 * The packages an extension may import: {@code a.b} allows exactly that package, {@code a.b.*}
 * every package below it. {@code java.*} is refused whatever the list says: those packages come
 * from the JDK through boot delegation and a bundle never imports them.
 */
final class PackagePatterns {
    private final List<String> patterns;

    PackagePatterns(List<String> patterns) {
        for (String p : patterns) {
            if (p.isBlank() || p.equals("*") || (p.contains("*") && !(p.endsWith(".*") && p.indexOf('*') == p.length() - 1))) {
                throw new IllegalArgumentException("allowed import [" + p + "] must be a package name or a.b.* (a '*' only at the end)");
            }
        }
        this.patterns = List.copyOf(patterns);
    }

    static boolean isJava(String pkg) {
        return pkg.equals("java") || pkg.startsWith("java.");
    }

    /** True when an import of exactly {@code pkg} is allowed. */
    boolean allows(String pkg) {
        return !isJava(pkg) && patterns.stream().anyMatch(p -> matches(p, pkg));
    }

    /**
     * True when every package a DynamicImport-Package name may resolve to is allowed: a plain
     * name must be allowed itself, {@code a.b.*} must lie inside an allowed {@code x.*} pattern,
     * and a bare {@code *} is never allowed.
     */
    boolean allowsDynamic(String name) {
        if (!name.contains("*")) {
            return allows(name);
        }
        if (!name.endsWith(".*") || name.indexOf('*') != name.length() - 1) {
            return false;
        }
        String base = name.substring(0, name.length() - 2);
        return !isJava(base) && patterns.stream()
                .filter(p -> p.endsWith(".*"))
                .map(p -> p.substring(0, p.length() - 2))
                .anyMatch(allowedBase -> base.equals(allowedBase) || base.startsWith(allowedBase + "."));
    }

    private static boolean matches(String pattern, String pkg) {
        if (pattern.endsWith(".*")) {
            return pkg.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(pkg);
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
