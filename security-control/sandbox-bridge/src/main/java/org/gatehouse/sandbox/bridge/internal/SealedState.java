package org.gatehouse.sandbox.bridge.internal;

/**
 * The sandbox's own state is sealed: once a decider is installed, no code (platform code
 * included) may reflect into, privately look up or define classes in this bridge or the
 * decider's packages. The decider and the guard live in private static fields of these classes;
 * without the seal, any helper that calls {@code setAccessible} for its caller (a framework's
 * "secure action", a serializer) could null or replace them. Policies cannot grant it, and
 * the decider needs none of it: code in its own class loader is never checked for reflection
 * into itself.
 */
final class SealedState {
    private static volatile ClassLoader deciderLoader;
    private static volatile java.util.Set<String> sealedPackages = java.util.Set.of();

    private SealedState() {
    }

    /** Seals the packages of {@code classes} (the decider's first) in the decider's class loader. */
    static void seal(Class<?> decider, Class<?>... alsoSealed) {
        java.util.Set<String> packages = new java.util.HashSet<>();
        packages.add(decider.getPackageName());
        for (Class<?> c : alsoSealed) {
            if (c.getClassLoader() == decider.getClassLoader()) {
                packages.add(c.getPackageName());
            }
        }
        sealedPackages = java.util.Set.copyOf(packages);
        deciderLoader = decider.getClassLoader();
    }

    /** True when {@code target} is part of the sandbox's state: the bridge's classes, or the decider's package. */
    static boolean isSealed(Class<?> target) {
        Class<?> top = target;
        while (top.isArray()) {
            top = top.getComponentType();
        }
        if (JdkCode.isBridge(top)) {
            return true;
        }
        ClassLoader loader = deciderLoader;
        return loader != null && top.getClassLoader() == loader && sealedPackages.contains(top.getPackageName());
    }
}
