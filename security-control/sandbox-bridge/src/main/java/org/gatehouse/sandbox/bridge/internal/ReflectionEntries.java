package org.gatehouse.sandbox.bridge.internal;

import java.lang.invoke.MethodHandles;

/**
 * Entry checks for reaching into other code (docs/threat-model.md "Escape routes"):
 * {@code setAccessible}/{@code trySetAccessible}, {@code MethodHandles.privateLookupIn} and
 * {@code Lookup.defineClass}/{@code defineHiddenClass}. Code on the stack is asked only when the
 * target class's loader differs from its own: an extension may reflect on and define into itself.
 * The sandbox's own classes are sealed ({@link SealedState}): reaching into them is denied to
 * everyone, whatever the policy.
 */
public final class ReflectionEntries {
    static final String SEALED = "sandbox state is sealed";

    private ReflectionEntries() {
    }

    /**
     * {@code AccessibleObject.checkCanSetAccessible(caller, declaringClass, throw)}, the private
     * method every {@code setAccessible(true)} and {@code trySetAccessible()} runs. When the JDK's
     * own immediate caller is JDK code (serialization, java.beans...), the JDK is doing its own
     * work and module encapsulation already bounds it.
     */
    public static void suppressAccessChecks(Object immediateCaller, Object declaringClass) {
        if (declaringClass instanceof Class<?> target) {
            Class<?> direct = immediateCaller instanceof Class<?> c ? c : null;
            if (isJdkOwnWork(direct)) {
                return;
            }
            crossLoader("suppressAccessChecks:", target, direct);
        }
    }

    /** {@code MethodHandles.privateLookupIn(targetClass, callerLookup)}: {@code reflect privateLookup:<class>}. */
    public static void privateLookup(Object targetClass, Object callerLookup) {
        Class<?> lookupClass = callerLookup instanceof MethodHandles.Lookup lookup ? lookup.lookupClass() : null;
        if (targetClass instanceof Class<?> target) {
            if (isJdkOwnWork(lookupClass)) {
                return;
            }
            crossLoader("privateLookup:", target, lookupClass);
        }
    }

    /**
     * {@code Lookup.defineClass/defineHiddenClass*}: {@code runtime defineClass} into another
     * loader. The JDK's own calls (on 17 the lambda metafactory defines every lambda class through
     * {@code Lookup.defineHiddenClass}) are its own work, whoever set them off.
     */
    public static void defineClass(Object lookup) {
        if (lookup instanceof MethodHandles.Lookup definer && Enforcement.enter()) {
            try {
                // a Lookup that may define into a sealed class comes only from that class itself:
                // privateLookupIn and setAccessible on it are refused, so no seal is needed here
                if (JdkCode.isTransparent(CallerFinder.immediateCallerOf(MethodHandles.Lookup.class))) {
                    return;
                }
                Enforcement.decide(Enforcement.context(), "runtime", "defineClass", "", definer.lookupClass().getClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * The JDK doing its own work (the lambda metafactory making a lambda's constructor
     * accessible, serialization): the JDK named itself as the caller, and it is not one of its
     * reflective invokers, which the JDK names as the caller of whatever they were told to call
     * (java.beans' trampoline would otherwise open any field for anyone).
     */
    private static boolean isJdkOwnWork(Class<?> direct) {
        return direct != null && JdkCode.isTransparent(direct) && !JdkCode.isBridge(direct) && !JdkCode.isReflectiveInvoker(direct)
                && !JdkCode.isReflectionAccessor(direct);
    }

    /** A sealed target reached by anyone but the sealed code itself (the bridge's own classes, or the decider's bundle). */
    private static boolean isSealedFor(Class<?> target, Class<?> direct) {
        if (!SealedState.isSealed(target)) {
            return false;
        }
        if (direct == null) {
            return true;
        }
        return JdkCode.isBridge(target) ? !JdkCode.isBridge(direct) : direct.getClassLoader() != target.getClassLoader();
    }

    /**
     * Reflection into {@code target} by {@code direct} (the class the JDK names as asking) and
     * whoever is below it. A sealed target is refused unless the asker is the sealed code itself.
     */
    private static void crossLoader(String prefix, Class<?> target, Class<?> direct) {
        if (Enforcement.enter()) {
            try {
                StackContext context = Enforcement.context();
                if (isSealedFor(target, direct)) {
                    throw Enforcement.refuse(context.named(), "reflect", prefix + target.getName(), "", SEALED);
                }
                Enforcement.decide(context, "reflect", prefix + target.getName(), "", target.getClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }
}
