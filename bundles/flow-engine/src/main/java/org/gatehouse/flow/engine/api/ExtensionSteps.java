package org.gatehouse.flow.engine.api;

import java.util.Objects;

/**
 * How one extension's steps ended so far, each outcome counted on its own: succeeded, failed, or
 * timed out; and the summed time of those steps in nanoseconds, from admission (queueing for a
 * step thread included) to the end of the call, a timed-out step counting up to its deadline.
 * Unlike {@link ExtensionHealth#completed()} less its failures, each number only grows, whenever
 * it is read (a metric must not go down between two reads).
 */
public record ExtensionSteps(String symbolicName, long succeeded, long failed, long timedOut, long totalNanos) {
    public ExtensionSteps {
        Objects.requireNonNull(symbolicName, "symbolicName");
    }
}
