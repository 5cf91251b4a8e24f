package org.gatehouse.sandbox.bridge;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The declared privileged boundary: what an action run here does is decided against the code
 * above this frame (the action itself) and the one class that called this method, never against
 * the code further down the stack or the thread's inherited creators. It is how platform code
 * that acts for an extension on purpose says so, the equivalent of
 * {@code AccessController.doPrivileged}:
 *
 * <pre>{@code
 * // the step's completion continues the flow on the extension's thread: the platform's own work
 * result.whenComplete((value, error) -> Privileged.run(() -> continueFlow(value, error)));
 * }</pre>
 *
 * <p>It grants nothing by itself. The calling class is always part of the decision, so an
 * extension that calls it is still decided as itself, and an action that is an extension's
 * lambda is decided as that extension. Only platform code gains from it: every use is a place
 * where the platform vouches that what the action does cannot be steered by the code below it.
 * Keep them rare; each one is listed and reviewed in the design document (docs/sandbox.md).
 */
public final class Privileged {
    private Privileged() {
    }

    /** Runs {@code action} inside the boundary. */
    public static void run(Runnable action) {
        action.run();
    }

    /** Runs {@code action} inside the boundary and returns its result. */
    public static <T> T get(Supplier<T> action) {
        return action.get();
    }

    /** Runs {@code action} inside the boundary; its exception passes through unchanged. */
    public static <T> T call(Callable<T> action) throws Exception {
        return action.call();
    }
}
