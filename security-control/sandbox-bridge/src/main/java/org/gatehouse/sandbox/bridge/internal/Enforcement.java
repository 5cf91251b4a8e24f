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
 *         Enforcement.decide(Enforcement.context(), "file", FileNames.of(target), "read");
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

    /**
     * Installs the decider once; see {@code SandboxBridge.install}. From then on the classes of
     * the decider's own package and of {@code alsoSealed} (in its class loader) are sealed with the bridge's: no
     * reflection, private lookup or class definition reaches into them (see {@link SealedState}).
     */
    public static void install(SandboxDecider newDecider, Class<?>... alsoSealed) {
        Objects.requireNonNull(newDecider, "decider");
        synchronized (INSTALL_LOCK) {
            if (decider != null) {
                throw new SandboxDeniedException("denied: permission [runtime installSandboxDecider], "
                        + "rule [a decider is already installed]");
            }
            SealedState.seal(newDecider.getClass(), alsoSealed.clone());
            // the stack source and the path shortcut are chosen by probes: before any check, outside every hook
            StackClasses.sourceName();
            PermissionNames.plainPathsAreTheirOwnName();
            InitializationState.available();
            decider = newDecider;
        }
    }

    /** Checks one request for the code on the stack; see {@code SandboxBridge.check}. */
    public static void check(String type, String name, String actions) {
        if (enter()) {
            try {
                decide(context(), type, name, actions);
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

    /** Asks the decider for every untrusted class of {@code context}; only between {@link #enter()} and {@link #exit()}. */
    static void decide(StackContext context, String type, String name, String actions) {
        decide(context, type, name, actions, null);
    }

    /**
     * Like {@link #decide(StackContext, String, String, String)}, but classes of {@code own} are
     * not asked: the request touches their own code or threads (reflection into their own
     * classes, a thread they started).
     */
    static void decide(StackContext found, String type, String name, String actions, ClassLoader own) {
        if (found.allowedAsFound(type, name, actions, own)) {
            return;
        }
        StackContext context = found.settled();
        for (int i = 0; i < context.size(); i++) {
            Class<?> c = context.get(i);
            if (own == null || c.getClassLoader() != own) {
                decider.check(c, type, name, actions);
            }
        }
    }

    /** Asks the decider about one class; only between {@link #enter()} and {@link #exit()}. */
    static void decideFor(Class<?> caller, String type, String name, String actions) {
        decider.check(caller, type, name, actions);
    }

    /** Whether the decider trusts code of {@code type}; only between {@link #enter()} and {@link #exit()}. */
    static boolean isTrusted(Class<?> type) {
        return decider.isTrusted(type);
    }

    /**
     * Denies a request the bridge refuses by itself (the decider is told, so the denial is counted
     * and audited); only between {@link #enter()} and {@link #exit()}.
     */
    static SandboxDeniedException refuse(Class<?> caller, String type, String name, String actions, String rule) {
        try {
            decider.denied(caller, type, name, actions, rule);
        } catch (RuntimeException | LinkageError e) {
            // a denial that cannot be recorded is still a denial
        }
        return new SandboxDeniedException("denied: class [" + caller.getName() + "], permission [" + type + " " + name
                + (actions.isEmpty() ? "" : " " + actions) + "], rule [" + rule + "]");
    }

    /**
     * Denies a request whose argument is an object of a class the bridge does not trust to
     * describe itself (see {@code JdkCode.isJdkObject}); only between {@link #enter()} and {@link #exit()}.
     */
    static void denyUntrustedArgument(StackContext context, String type, Object argument, String actions) {
        throw refuse(context.named(), type, "<" + argument.getClass().getName() + " object>", actions,
                "argument of a class outside the " + ("osgi".equals(type) ? "framework" : "JDK"));
    }

    /** The code the current check is decided against: the whole stack, see {@link CallerFinder}. */
    static StackContext context() {
        return CallerFinder.context(decider);
    }

    /** Like {@link #context()}, from a snapshot of the stack's classes already taken. */
    static StackContext context(Class<?>[] stack) {
        return CallerFinder.contextOf(decider, stack);
    }

    /** Live threads started by code of {@code loader}: the thread budget's count. */
    public static int liveThreadsStartedBy(ClassLoader loader) {
        return ThreadCreators.liveThreadsStartedBy(loader);
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
