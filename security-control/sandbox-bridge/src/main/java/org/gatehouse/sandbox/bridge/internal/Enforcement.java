package org.gatehouse.sandbox.bridge.internal;

import java.util.Objects;
import org.gatehouse.sandbox.bridge.SandboxDecider;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;

/**
 * Holds the installed decider and the per-thread re-entrancy guard, and runs one check.
 *
 * <p>Entry points that must compute the permission name (a normalized path, a host and port)
 * do it inside the guard, so that the work done for a check (class loading, path
 * normalization, the decider's own file reads) is never itself checked:
 * <pre>{@code
 * if (Enforcement.enter()) {
 *     try {
 *         Enforcement.decide(Enforcement.caller(), "file", FileNames.of(target), "read");
 *     } finally {
 *         Enforcement.exit();
 *     }
 * }
 * }</pre>
 * Only {@link #install} and {@link #check} are public: the guard is package-private, because an
 * extension can reach any public method of a boot class path class by reflection, and entering
 * the guard would switch checks off for its thread. The entry-point classes of this package
 * are public but only ever check.
 */
public final class Enforcement {
    private static final Object INSTALL_LOCK = new Object();
    private static volatile SandboxDecider decider;
    private static final ThreadLocal<GuardFlag> GUARD = new GuardThreadLocal();

    private Enforcement() {
    }

    /** Installs the decider once; see {@code SandboxBridge.install}. */
    public static void install(SandboxDecider newDecider) {
        Objects.requireNonNull(newDecider, "decider");
        synchronized (INSTALL_LOCK) {
            if (decider != null) {
                throw new SandboxDeniedException("denied: permission [runtime installSandboxDecider], "
                        + "rule [a decider is already installed]");
            }
            decider = newDecider;
        }
    }

    /** Checks one request for the caller found by the stack walk; see {@code SandboxBridge.check}. */
    public static void check(String type, String name, String actions) {
        if (enter()) {
            try {
                decide(caller(), type, name, actions);
            } finally {
                exit();
            }
        }
    }

    /**
     * Enters the guard. Returns false (nothing to check) when no decider is installed or a
     * check is already running on this thread; when it returns true the caller must call
     * {@link #exit()} in a finally block.
     */
    static boolean enter() {
        if (decider == null) {
            return false;
        }
        GuardFlag flag = GUARD.get();
        if (flag.inside) {
            return false;
        }
        flag.inside = true;
        return true;
    }

    /** Leaves the guard entered by {@link #enter()}. */
    static void exit() {
        GUARD.get().inside = false;
    }

    /** Asks the decider; only between {@link #enter()} and {@link #exit()}. */
    static void decide(Class<?> caller, String type, String name, String actions) {
        decider.check(caller, type, name, actions);
    }

    /**
     * Denies a request whose argument is an object of a class the bridge does not trust to
     * describe itself (see {@code JdkCode.isJdkObject}); only between {@link #enter()} and {@link #exit()}.
     */
    static void denyUntrustedArgument(Class<?> caller, String type, Object argument, String actions) {
        throw new SandboxDeniedException("denied: class [" + caller.getName() + "], permission [" + type + " <"
                + argument.getClass().getName() + " object> " + actions + "], rule [argument of a class outside the "
                + ("osgi".equals(type) ? "framework" : "JDK") + "]");
    }

    /** The caller of the current sensitive operation: first non-JDK frame, else the thread's creator, else Object. */
    static Class<?> caller() {
        return CallerFinder.caller(false);
    }

    /** Like {@link #caller()}, but the OSGi framework's own frames are transparent too (it acts for its caller). */
    static Class<?> frameworkCaller() {
        return CallerFinder.caller(true);
    }

    /** Records the caller as the creator of a thread about to start (SANDBOX-NOTES, asynchronous hand-off). */
    static void recordCreator(Thread thread, Class<?> creator) {
        ThreadCreators.record(thread, creator);
    }

    /** The recorded creator of a thread, or null. */
    static Class<?> creatorOf(Thread thread) {
        return ThreadCreators.creatorOf(thread);
    }

    /** Live threads started by code of {@code loader}: the thread budget's count. */
    public static int liveThreadsStartedBy(ClassLoader loader) {
        return ThreadCreators.liveThreadsStartedBy(loader);
    }

    /** True when both classes are defined by the same class loader (an extension may touch itself). */
    static boolean sameLoader(Class<?> a, Class<?> b) {
        return a.getClassLoader() == b.getClassLoader();
    }

    private static final class GuardFlag {
        boolean inside;
    }

    /** A named subclass instead of {@code withInitial}: no lambda bootstrap inside java.base hooks. */
    private static final class GuardThreadLocal extends ThreadLocal<GuardFlag> {
        @Override
        protected GuardFlag initialValue() {
            return new GuardFlag();
        }
    }
}
