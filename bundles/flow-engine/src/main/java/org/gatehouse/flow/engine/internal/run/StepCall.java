package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The thread inside one admitted call, so its deadline interrupts that call and no other, and so
 * a call still running a grace period later can be declared a runaway. A call made from inside
 * another on the same thread (an extension's authenticator called by a built-in step) is linked
 * to it: a runaway is charged to the innermost call, whose code holds the thread.
 */
final class StepCall {
    /** The call the current thread is inside, so a call made from it knows its enclosing one. */
    private static final ThreadLocal<StepCall> CURRENT = new ThreadLocal<>();
    private static final int FRAMES = 8;

    private final Admission<?> admission;
    private final long admittedAt = System.nanoTime();
    private volatile StepCall inner;
    private StepCall outer;
    private Thread thread;
    private boolean interrupted;
    private long cpuAtDeadline = ThreadCpu.UNKNOWN;
    private Runnable onReturn;

    /** What the executor does when a call is declared a runaway, on the call's thread's behalf. */
    interface RunawayOnset {
        Onset began(Runaway runaway, Admission<?> admission, Thread thread, long cpuAtDeadline);
    }

    /** What to do when the runaway thread comes back, and whether the runaway put its extension in quarantine. */
    record Onset(Runnable onReturn, boolean quarantinedNow) {
    }

    /** A call declared a runaway just now. */
    record Declared(Runaway runaway, boolean quarantinedNow) {
    }

    StepCall(Admission<?> admission) {
        this.admission = admission;
    }

    void enter() {
        StepCall enclosing = CURRENT.get();
        synchronized (this) {
            thread = Thread.currentThread();
            outer = enclosing;
        }
        if (enclosing != null) {
            enclosing.inner = this;
        }
        CURRENT.set(this);
    }

    void leave() {
        Runnable returned;
        StepCall enclosing;
        synchronized (this) {
            if (interrupted) {
                Thread.interrupted(); // ours, not meant for whatever this thread runs next
            }
            thread = null;
            returned = onReturn;
            enclosing = outer;
        }
        if (enclosing != null) {
            enclosing.inner = null;
            CURRENT.set(enclosing);
        } else {
            CURRENT.remove();
        }
        if (returned != null) {
            returned.run();
        }
    }

    /** At the deadline: interrupts the thread still inside and notes its CPU time; false when none is. */
    synchronized boolean interrupt() {
        if (thread == null) {
            return false;
        }
        interrupted = true;
        cpuAtDeadline = ThreadCpu.of(thread);
        thread.interrupt();
        return true;
    }

    synchronized long cpuAtDeadline() {
        return cpuAtDeadline;
    }

    /** The call deepest inside this one on its thread, or this one. */
    StepCall innermost() {
        StepCall call = this;
        for (StepCall next = call.inner; next != null; next = call.inner) {
            call = next;
        }
        return call;
    }

    /**
     * Declares this call a runaway if its thread is still inside and it was not declared before.
     * {@code onset} runs under this call's lock, so the thread coming back cannot overtake it; what
     * it returns runs when the thread comes back out of the call.
     *
     * @param cpuAtDeadline the thread's CPU time when the deadline interrupted it
     * @return the runaway, or empty when the thread has left or the call was already declared
     */
    synchronized Optional<Declared> declareRunaway(long cpuAtDeadline, Duration grace, boolean replaced, RunawayOnset onset) {
        if (thread == null || onReturn != null) {
            return Optional.empty();
        }
        Optional<String> extension = admission.extension().map(BladeletProvider::symbolicName);
        Runaway runaway = new Runaway(extension, admission.extension().map(BladeletProvider::version), admission.toString(),
                thread.getName(), Duration.ofNanos(System.nanoTime() - admittedAt), grace,
                ThreadCpu.between(cpuAtDeadline, ThreadCpu.of(thread)), replaced, topFrames(thread));
        Onset began = onset.began(runaway, admission, thread, cpuAtDeadline);
        onReturn = began.onReturn();
        return Optional.of(new Declared(runaway, began.quarantinedNow()));
    }

    private static List<String> topFrames(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).limit(FRAMES).map(StackTraceElement::toString).toList();
    }
}
