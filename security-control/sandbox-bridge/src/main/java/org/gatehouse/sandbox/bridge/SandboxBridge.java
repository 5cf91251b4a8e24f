package org.gatehouse.sandbox.bridge;

import org.gatehouse.sandbox.bridge.internal.Enforcement;

/**
 * The bridge between the instrumented JDK / framework entry points and the policy engine. It
 * sits on the boot class path (put there by the sandbox agent) so that {@code java.base} can
 * call it; OSGi bundles see it through
 * {@code org.osgi.framework.bootdelegation=org.gatehouse.sandbox.bridge}.
 *
 * <pre>{@code
 * SandboxBridge.install(engine::check);            // once, by the policy engine
 * SandboxBridge.check("file", "/data/x", "read");  // by instrumented code
 * }</pre>
 */
public final class SandboxBridge {
    private SandboxBridge() {
    }

    /**
     * Walks the stack (hidden frames shown, JDK code transparent, up to a {@link Privileged}
     * boundary) and asks the decider for every class on it that it does not trust; all must
     * allow. Allowed when no decider is installed yet (only the launcher and platform run before
     * the engine starts) and for re-entrant calls made while a check is running on the same
     * thread (the engine's own work).
     *
     * @throws SandboxDeniedException when the decider denies the request
     */
    public static void check(String type, String name, String actions) {
        Enforcement.check(type, name, actions);
    }

    /**
     * How many threads started by code of {@code loader} are alive now (docs/policy-language.md "The thread budget"):
     * the decider asks it when an extension starts one more. A thread counts from the
     * {@code start()} the sandbox allowed until it ends; a thread started by JDK code on a thread
     * the extension started counts for the extension too (the creator is inherited).
     */
    public static int liveThreadsStartedBy(ClassLoader loader) {
        return Enforcement.liveThreadsStartedBy(loader);
    }

    /**
     * Installs the decider. Only the first call succeeds. The packages of the decider's class
     * and of {@code alsoSealed} (those in the decider's class loader) are sealed from then on,
     * with the bridge's own classes: no code may reflect into them, look them up privately or
     * define classes there, whatever its policy says.
     *
     * @throws SandboxDeniedException when a decider is already installed
     * @throws NullPointerException   when {@code decider} is null
     */
    public static void install(SandboxDecider decider, Class<?>... alsoSealed) {
        Enforcement.install(decider, alsoSealed);
    }
}
