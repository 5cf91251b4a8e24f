package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.flow.engine.api.ExtensionQueue;

/**
 * One extension's concurrent slots ({@code extension-concurrency}) and the queue of messages
 * waiting for one ({@code extension-queue}), first come first served. A message that finds every
 * slot taken waits, without a thread, until a step of the extension ends and hands it the slot;
 * its step's deadline runs while it waits. It leaves the queue without running when the deadline
 * passes ({@link StepFailure.Kind#TIMEOUT}), when its client goes away, when the extension is
 * quarantined or stops; a message that finds the queue full is answered at once
 * ({@link StepFailure.Kind#QUEUE_FULL}, or {@link StepFailure.Kind#EXTENSION_OVERLOADED} with no
 * queue at all, as before there was one).
 *
 * <pre>{@code
 * slots.take(what, settings.extensionConcurrency(), settings.extensionQueue(), timeout, executor, client)
 *      .thenCompose(granted -> ...);   // the slot is held: give it back with release(cap)
 * }</pre>
 *
 * <p>A free slot goes to the oldest waiting message before any newcomer, so nobody overtakes the
 * queue. Completions run outside the lock, on the thread that freed the slot (a step thread, the
 * deadline timer, or the thread that completed a bladelet's stage).
 */
final class ExtensionSlots {
    private final String extension;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** Slots taken, guarded by this. */
    private int running;
    private final LongAdder refused = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder granted = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();

    ExtensionSlots(String extension) {
        this.extension = extension;
    }

    /** A message waiting for a slot. */
    private static final class Waiter {
        final String what;
        final long since = System.nanoTime();
        final CompletableFuture<Void> slot = new CompletableFuture<>();
        ScheduledFuture<?> deadline;

        Waiter(String what) {
            this.what = what;
        }
    }

    /** Takes a slot only if one is free and nobody waits for it (a call that must not wait). */
    synchronized boolean tryAcquire(int cap) {
        if (running >= cap || !waiting.isEmpty()) {
            return false;
        }
        running++;
        return true;
    }

    /**
     * A slot now, or a place in the queue until one frees up within {@code timeout}.
     *
     * @return a stage that completes when the caller holds a slot, or fails with the
     *         {@link StepFailure} the message is answered with
     */
    CompletableFuture<Void> take(String what, int cap, int queueLength, Duration timeout, StepExecutor timer, ClientPresence client) {
        Waiter waiter = new Waiter(what);
        synchronized (this) {
            if (running < cap && waiting.isEmpty()) {
                running++;
                return CompletableFuture.completedFuture(null);
            }
            if (waiting.size() >= queueLength) {
                refused.increment();
                return CompletableFuture.failedFuture(queueLength == 0
                        ? new StepFailure(StepFailure.Kind.EXTENSION_OVERLOADED, what + ": extension " + extension
                                + " has as many steps running as it may")
                        : new StepFailure(StepFailure.Kind.QUEUE_FULL, what + ": extension " + extension + " has as many steps running "
                                + "and " + queueLength + " messages waiting"));
            }
            try {
                // under the lock: a slot freed at once cannot pass the waiter before its deadline is set
                waiter.deadline = timer.schedule(() -> expire(waiter, timeout), timeout);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new StepFailure(StepFailure.Kind.UNAVAILABLE, what + ": the flow engine is closing"));
            }
            waiting.addLast(waiter);
        }
        if (!client.whileWaiting(() -> abandon(waiter))) {
            abandon(waiter); // gone already
        }
        waiter.slot.whenComplete((v, e) -> client.doneWaiting());
        return waiter.slot;
    }

    private void expire(Waiter waiter, Duration timeout) {
        if (withdraw(waiter, expired)) {
            waiter.slot.completeExceptionally(new StepFailure(StepFailure.Kind.TIMEOUT, waiter.what + ": deadline " + timeout.toMillis()
                    + " ms passed while waiting for a slot of extension " + extension));
        }
    }

    private void abandon(Waiter waiter) {
        if (withdraw(waiter, abandoned)) {
            waiter.slot.completeExceptionally(new StepFailure(StepFailure.Kind.CLIENT_GONE, waiter.what
                    + ": the client went away while the message waited for a slot of extension " + extension));
        }
    }

    private boolean withdraw(Waiter waiter, LongAdder counter) {
        synchronized (this) {
            if (!waiting.remove(waiter)) {
                return false; // granted, or withdrawn for another reason first
            }
        }
        counter.increment();
        waiter.deadline.cancel(false);
        return true;
    }

    /** Gives a slot back; the oldest waiting message takes it when the cap allows. */
    void release(int cap) {
        List<Waiter> next = new ArrayList<>(1);
        synchronized (this) {
            running--;
            while (running < cap && !waiting.isEmpty()) {
                running++;
                next.add(waiting.removeFirst());
            }
        }
        for (Waiter w : next) {
            w.deadline.cancel(false);
            granted.increment();
            waitedNanos.add(System.nanoTime() - w.since);
            w.slot.complete(null);
        }
    }

    /** Every waiting message leaves the queue with this answer (the extension is quarantined or stopped). */
    void failWaiting(StepFailure.Kind kind, String reason) {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Waiter w : all) {
            w.deadline.cancel(false);
            w.slot.completeExceptionally(new StepFailure(kind, w.what + ": " + reason));
        }
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    ExtensionQueue view() {
        return new ExtensionQueue(extension, waiting(), refused.sum(), expired.sum(), abandoned.sum(), granted.sum(), waitedNanos.sum());
    }
}
