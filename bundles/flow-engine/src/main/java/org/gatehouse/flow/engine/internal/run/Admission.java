package org.gatehouse.flow.engine.internal.run;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What one admitted call holds and how its end is counted: a place in its provider's in-flight
 * count (released when the call's stage completes, so a stopping bundle waits for it) and one
 * of its extension's concurrent slots (released only when both the stage has completed and the
 * worker has come back out of the bladelet, so a hung call keeps its slot). Its failures and
 * timeouts count against the extension. An extension that is quarantined, or whose runaway
 * threads still running reach {@code runaway-threads}, is not admitted.
 */
public final class Admission<T> {
    private final String what;
    private final BladeletProvider provider;
    private final ExtensionHealthBook.Health health;
    private final Predicate<T> isFailure;
    private final AtomicInteger holds = new AtomicInteger(2);
    private final long admittedAt = System.nanoTime();

    private Admission(String what, BladeletProvider provider, ExtensionHealthBook.Health health, Predicate<T> isFailure) {
        this.what = what;
        this.provider = provider;
        this.health = health;
        this.isFailure = isFailure;
    }

    /** A call that no provider or extension accounts for (a built-in step service). */
    public static <T> Admission<T> unaccounted(String what) {
        return new Admission<>(what, null, null, v -> false);
    }

    /**
     * Admits a call to a provider's bladelet; an extension's call is also checked against its
     * quarantine and concurrency cap.
     *
     * @throws StepFailure when the extension is quarantined or at its cap, or the provider is stopping
     */
    public static <T> Admission<T> enter(String what, BladeletProvider provider, ExtensionHealthBook book, Predicate<T> isFailure)
            throws StepFailure {
        ExtensionHealthBook.Health health = provider.extension() ? book.of(provider.symbolicName()) : null;
        if (health != null) {
            checkHealth(what, provider.symbolicName(), health);
            if (!health.tryAcquire()) {
                throw new StepFailure(StepFailure.Kind.EXTENSION_OVERLOADED, what + ": extension " + provider.symbolicName()
                        + " has as many steps running as it may");
            }
        }
        return enterProvider(what, provider, health, isFailure);
    }

    /**
     * Admits a call to an extension's bladelet that already holds one of its concurrent slots
     * (it waited for one in the extension's queue): the quarantine and the runaway cap are
     * checked again, as they may have changed while it waited. On refusal the slot is given back.
     *
     * @throws StepFailure when the extension is quarantined or the provider is stopping
     */
    static <T> Admission<T> enterHoldingSlot(String what, BladeletProvider provider, ExtensionHealthBook.Health health,
                                             Predicate<T> isFailure) throws StepFailure {
        try {
            checkHealth(what, provider.symbolicName(), health);
        } catch (StepFailure e) {
            health.releaseSlot();
            throw e;
        }
        return enterProvider(what, provider, health, isFailure);
    }

    /**
     * Refuses a call to a quarantined extension, or to one whose runaway threads still running
     * reach {@code runaway-threads}.
     */
    static void checkHealth(String what, String extension, ExtensionHealthBook.Health health) throws StepFailure {
        if (health.quarantined()) {
            throw new StepFailure(StepFailure.Kind.QUARANTINED, what + ": extension " + extension + " is quarantined");
        }
        if (health.atRunawayCap()) {
            // released or upgraded, but its earlier code still holds that many threads: no more
            throw new StepFailure(StepFailure.Kind.QUARANTINED, what + ": extension " + extension + " has "
                    + health.runawaysRunning() + " runaway threads still running");
        }
    }

    private static <T> Admission<T> enterProvider(String what, BladeletProvider provider, ExtensionHealthBook.Health health,
                                                  Predicate<T> isFailure) throws StepFailure {
        if (!provider.enter()) {
            if (health != null) {
                health.releaseSlot();
            }
            throw new StepFailure(StepFailure.Kind.UNAVAILABLE, what + ": " + provider + " is stopping");
        }
        return new Admission<>(what, provider, health, isFailure);
    }

    /** The extension whose code this call runs, or empty for a built-in one. */
    Optional<BladeletProvider> extension() {
        return health == null ? Optional.empty() : Optional.of(provider);
    }

    /** The extension's record, or empty for a built-in call. */
    Optional<ExtensionHealthBook.Health> health() {
        return Optional.ofNullable(health);
    }

    /**
     * Runs {@code call} with the provider's class loader as the thread's context class loader
     * (a built-in step service's call keeps the thread's), and puts the thread's own back after.
     */
    CompletionStage<T> withContextLoader(StepExecutor.Call<T> call) throws Exception {
        if (provider == null) {
            return call.run();
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(provider.classLoader());
        try {
            return call.run();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** The call's stage completed (value or error). */
    void settle(T value, Throwable error) {
        if (provider != null) {
            provider.exit();
        }
        if (health != null) {
            long took = System.nanoTime() - admittedAt;
            if (error instanceof StepFailure f && f.kind() == StepFailure.Kind.TIMEOUT) {
                health.failed(true, what + " timed out", took);
                outcome("timed_out", what + " timed out");
            } else if (error instanceof StepFailure f && f.kind() == StepFailure.Kind.OVERLOADED) {
                // the element's pool was full: not the extension's doing
                health.succeededWithoutRunning();
                outcome("not_run", "the element's step pool was full");
            } else if (error != null) {
                health.failed(false, what + " threw " + error.getClass().getName(), took);
                outcome("failed", what + " threw " + error.getClass().getName());
            } else if (isFailure.test(value)) {
                health.failed(false, what + " answered a failure", took);
                outcome("failed", what + " answered a failure");
            } else {
                health.succeeded(took);
                outcome("ok", "");
            }
        }
        release();
    }

    private void outcome(String outcome, String detail) {
        try {
            health.outcomes().ended(provider.symbolicName(), provider.version(), what, outcome, detail);
        } catch (RuntimeException e) {
            // auditing must never change how a step ends
            System.getLogger(Admission.class.getName()).log(System.Logger.Level.ERROR, "outcome of " + what + " not audited: " + e);
        }
    }

    /** The worker came back out of the bladelet (or never went in). */
    void returned() {
        release();
    }

    private void release() {
        if (holds.decrementAndGet() == 0 && health != null) {
            health.releaseSlot();
        }
    }

    @Override
    public String toString() {
        return what;
    }
}
