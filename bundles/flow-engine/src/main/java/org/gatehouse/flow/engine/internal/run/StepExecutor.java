package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.sandbox.bridge.Privileged;

/**
 * Where bladelet code runs (docs/data-plane.md "Where steps run": never on the event loop): a bounded pool of
 * {@code step-threads} with a queue of {@code step-queue}, and a deadline per call. At the
 * deadline the call's stage fails with {@link StepFailure.Kind#TIMEOUT} and the worker still
 * inside the bladelet is interrupted; a full pool fails the call with
 * {@link StepFailure.Kind#OVERLOADED} at once.
 *
 * <p>A worker still inside the call {@code runaway-grace} after that interrupt is a runaway
 * ({@link RunawayWatch}). Java cannot take the thread back, so the pool grows by one thread for
 * as long as the runaway runs, and shrinks again when it comes back: the other extensions and the
 * built-in steps keep {@code step-threads} workers. At most {@code step-threads} runaways are
 * replaced at once, so the pool never holds more than twice its size.
 */
public final class StepExecutor implements Executor, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final int threads;
    private final int queue;
    private final RunawayWatch watch;
    /** Runaway threads the pool has started a thread in place of; guarded by this executor. */
    private int replaced;

    /** What one call does once admitted; may block, may return a stage that completes later. */
    public interface Call<T> {
        CompletionStage<T> run() throws Exception;
    }

    public StepExecutor(int threads, int queue, ScheduledExecutorService timer, RunawayWatch watch) {
        this.threads = threads;
        this.queue = queue;
        this.timer = timer;
        this.watch = watch;
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "gatehouse-step-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
    }

    public boolean sameSize(int otherThreads, int otherQueue) {
        return threads == otherThreads && queue == otherQueue;
    }

    /**
     * Runs an admitted call on a worker ({@code inline} false) or on the calling thread (true: a
     * method called from a step already on a worker, which must not wait for a second worker),
     * under the deadline. The admission is settled exactly once, when the returned stage completes.
     */
    public <T> CompletableFuture<T> run(Duration timeout, boolean inline, Admission<T> admission, Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        StepCall worker = new StepCall(admission);
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (result.completeExceptionally(new StepFailure(StepFailure.Kind.TIMEOUT, "deadline " + timeout.toMillis() + " ms passed"))
                    && worker.interrupt()) {
                Duration grace = watch.grace();
                timer.schedule(() -> graceOver(worker, grace), grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<T> counted = countedOutcome(result, deadline, admission);
        Runnable task = () -> callBladelet(result, worker, admission, call);
        if (inline) {
            task.run();
        } else {
            try {
                workers.execute(task);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new StepFailure(StepFailure.Kind.OVERLOADED, "every step thread is busy"));
                admission.returned();
            }
        }
        return counted;
    }

    /** Callers see the outcome only once it is counted, so the next message sees the quarantine it causes. */
    private static <T> CompletableFuture<T> countedOutcome(CompletableFuture<T> result, ScheduledFuture<?> deadline,
                                                           Admission<T> admission) {
        CompletableFuture<T> counted = new CompletableFuture<>();
        // a stage the bladelet completes on a thread of its own runs the rest of the flow on that
        // thread: the platform's own work from here on (docs/sandbox.md, privileged boundaries)
        result.whenComplete((value, error) -> Privileged.run(() -> {
            deadline.cancel(false);
            Throwable cause = error == null ? null : unwrap(error);
            admission.settle(value, cause);
            if (cause != null) {
                counted.completeExceptionally(cause);
            } else {
                counted.complete(value);
            }
        }));
        return counted;
    }

    /**
     * Calls the bladelet behind a privileged boundary, with its own class loader as the thread's
     * context class loader: what it does is decided for it alone, not for the platform frames or
     * the worker thread below (docs/sandbox.md, privileged boundaries), and a library inside it
     * that asks for the context class loader finds its own.
     */
    private static <T> CompletionStage<T> callInside(Admission<T> admission, Call<T> call) throws Exception {
        return Privileged.call(() -> admission.withContextLoader(call));
    }

    private static <T> void callBladelet(CompletableFuture<T> result, StepCall worker, Admission<T> admission, Call<T> call) {
        if (result.isDone()) {
            admission.returned(); // the deadline passed while the call waited for a thread
            return;
        }
        worker.enter();
        try {
            callInside(admission, call).whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                } else {
                    result.complete(value);
                }
            });
        } catch (Throwable t) { // whatever extension code throws fails this message only
            result.completeExceptionally(t);
        } finally {
            worker.leave();
            admission.returned();
        }
    }

    /**
     * The grace after an interrupted deadline is over: a thread still inside the call (or inside a
     * call made from it, which is then the one charged) is a runaway. Runs on the timer's one
     * thread, so two runaways are never declared at once.
     */
    private void graceOver(StepCall timedOut, Duration grace) {
        boolean replace = roomForReplacement();
        timedOut.innermost().declareRunaway(timedOut.cpuAtDeadline(), grace, replace, (runaway, admission, thread, cpuAtDeadline) -> {
            if (replace) {
                grow(); // first: once the runaway is counted, its replacement is there
            }
            boolean quarantinedNow = watch.charge(runaway, admission, thread, cpuAtDeadline);
            Runnable back = () -> {
                admission.health().ifPresent(ExtensionHealthBook.Health::runawayReturned);
                if (replace) {
                    shrink();
                }
            };
            return new StepCall.Onset(back, quarantinedNow);
        }).ifPresent(declared -> watch.report(declared.runaway(), declared.quarantinedNow()));
    }

    private synchronized boolean roomForReplacement() {
        return replaced < threads;
    }

    /** A thread in place of a runaway; the maximum first, as the pool requires core <= maximum. */
    private synchronized void grow() {
        replaced++;
        workers.setMaximumPoolSize(threads + replaced);
        workers.setCorePoolSize(threads + replaced);
    }

    /** The runaway came back: the pool returns to its size; the core first, as the pool requires core <= maximum. */
    private synchronized void shrink() {
        replaced--;
        workers.setCorePoolSize(threads + replaced);
        workers.setMaximumPoolSize(threads + replaced);
    }

    /**
     * Runs {@code action} on the deadline timer's one thread after {@code delay}.
     *
     * @throws RejectedExecutionException when the engine has closed
     */
    ScheduledFuture<?> schedule(Runnable action, Duration delay) {
        return timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs engine work that is not a bladelet's (testing body conditions) on the step threads.
     *
     * @throws RejectedExecutionException when every thread is busy and the queue is full
     */
    @Override
    public void execute(Runnable work) {
        workers.execute(work);
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Lets queued and running calls finish; takes no new ones. */
    @Override
    public void close() {
        workers.shutdown();
    }
}
