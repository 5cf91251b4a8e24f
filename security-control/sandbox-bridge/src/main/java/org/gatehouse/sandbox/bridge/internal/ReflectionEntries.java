package org.gatehouse.sandbox.bridge.internal;

import java.lang.invoke.MethodHandles;

/**
 * Entry checks for reaching into other code (SANDBOX-NOTES "Reaching into other code"):
 * {@code setAccessible}/{@code trySetAccessible}, {@code MethodHandles.privateLookupIn} and
 * {@code Lookup.defineClass}/{@code defineHiddenClass}. Each is reported only when the target
 * class's loader differs from the caller's: an extension may reflect on and define into itself.
 */
public final class ReflectionEntries {
    private ReflectionEntries() {
    }

    /**
     * {@code AccessibleObject.checkCanSetAccessible(caller, declaringClass, throw)}, the private
     * method every {@code setAccessible(true)} and {@code trySetAccessible()} runs. When the JDK's
     * own immediate caller is JDK code (serialization, java.beans...), the JDK is doing its own
     * work and module encapsulation already bounds it.
     */
    public static void suppressAccessChecks(Object immediateCaller, Object declaringClass) {
        if (immediateCaller instanceof Class<?> direct && JdkCode.isTransparent(direct, false)) {
            return;
        }
        if (declaringClass instanceof Class<?> target) {
            crossLoader("suppressAccessChecks:", target);
        }
    }

    /** {@code MethodHandles.privateLookupIn(targetClass, callerLookup)}: {@code reflect privateLookup:<class>}. */
    public static void privateLookup(Object targetClass, Object callerLookup) {
        if (callerLookup instanceof MethodHandles.Lookup lookup && JdkCode.isTransparent(lookup.lookupClass(), false)) {
            return;
        }
        if (targetClass instanceof Class<?> target) {
            crossLoader("privateLookup:", target);
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
                if (JdkCode.isTransparent(CallerFinder.immediateCallerOf(MethodHandles.Lookup.class), false)) {
                    return;
                }
                Class<?> caller = Enforcement.caller();
                if (!Enforcement.sameLoader(caller, definer.lookupClass())) {
                    Enforcement.decide(caller, "runtime", "defineClass", "");
                }
            } finally {
                Enforcement.exit();
            }
        }
    }

    private static void crossLoader(String prefix, Class<?> target) {
        if (Enforcement.enter()) {
            try {
                Class<?> caller = Enforcement.caller();
                if (!Enforcement.sameLoader(caller, target)) {
                    Enforcement.decide(caller, "reflect", prefix + target.getName(), "");
                }
            } finally {
                Enforcement.exit();
            }
        }
    }
}
