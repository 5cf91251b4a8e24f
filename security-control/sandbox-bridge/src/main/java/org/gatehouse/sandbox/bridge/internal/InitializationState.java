package org.gatehouse.sandbox.bridge.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether a class is fully initialized, asked of the VM without initializing it: the JDK's
 * internal {@code Unsafe.shouldBeInitialized}, which the sandbox agent exports to the bridge alone
 * (docs/sandbox.md "Two walks"). A class whose static initializer is running, or failed, is not
 * fully initialized; so when every class of some frames is, none of those frames is a static
 * initializer, and the walk that reads method names to find one can be skipped.
 *
 * <p>Without the export (the bridge used without the agent) nothing is known to be initialized
 * and every question is left to the walk.
 */
final class InitializationState {
    private static final MethodHandle SHOULD_BE_INITIALIZED = find();

    private InitializationState() {
    }

    /** Whether this JVM can answer; when false, {@link #known} is always false. */
    static boolean available() {
        return SHOULD_BE_INITIALIZED != null;
    }

    /** True when {@code type} is known to be fully initialized: its static initializer ran and returned. */
    static boolean known(Class<?> type) {
        if (SHOULD_BE_INITIALIZED == null) {
            return false;
        }
        try {
            return !(boolean) SHOULD_BE_INITIALIZED.invokeExact(type);
        } catch (Throwable unexpected) {
            return false;
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe", false, null);
            if (!InitializationState.class.getModule().canRead(unsafeType.getModule())
                    || !unsafeType.getModule().isExported(unsafeType.getPackageName(), InitializationState.class.getModule())) {
                return null;
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Object unsafe = lookup.findStatic(unsafeType, "getUnsafe", MethodType.methodType(unsafeType)).invoke();
            MethodHandle handle = lookup.findVirtual(unsafeType, "shouldBeInitialized",
                    MethodType.methodType(boolean.class, Class.class)).bindTo(unsafe);
            boolean objectPending = (boolean) handle.invokeExact((Class<?>) Object.class);
            return objectPending ? null : handle;
        } catch (Throwable unavailable) {
            return null;
        }
    }
}
