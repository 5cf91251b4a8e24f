package org.gatehouse.auth.bounded;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the blocking calls of one method to its server on threads of its own and gives up on a
 * call after {@code bound}, whatever the server does and however many operations and retries the
 * call makes (docs/data-plane.md "Method timeouts"). The stage then completes with an
 * {@link IllegalStateException} naming the server and the bound, which the authenticate and
 * authorize steps answer 503. A call given up on still runs until its own operation timeouts end it;
 * at most {@code threads} run at once and {@code 4 * threads} wait, and past that a call is refused
 * at once (503 as well), so a hung server cannot gather threads.
 *
 * <pre>{@code
 * BoundedCalls calls = new BoundedCalls("directory 127.0.0.1:389", Duration.ofMillis(1500), 8);
 * CompletableFuture<AuthenticationResult> result = calls.call(() -> check(credentials));
 * }</pre>
 */
public final class BoundedCalls implements AutoCloseable {
    private final String server;
    private final Duration bound;
    private final ThreadPoolExecutor threads;

    public BoundedCalls(String server, Duration bound, int threadCount) {
        this.server = server;
        this.bound = bound;
        AtomicInteger number = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4 * threadCount), r -> {
            Thread t = new Thread(r, "gatehouse-auth-" + server + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    /** The bound of one call. */
    public Duration bound() {
        return bound;
    }

    /** The work's result, or a stage completed exceptionally when it failed, was refused or took longer than the bound. */
    public <T> CompletableFuture<T> call(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception | LinkageError e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(server + ": " + threads.getMaximumPoolSize()
                    + " calls running and " + threads.getQueue().size() + " waiting; refused", e));
        }
        return result.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return CompletableFuture.failedFuture(cause instanceof TimeoutException
                    ? new IllegalStateException(server + " did not answer within " + bound.toMillis() + " ms", cause) : cause);
        });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
