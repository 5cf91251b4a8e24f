package org.gatehouse.flow.engine.api;

import java.util.Objects;

/**
 * One extension's queue of messages waiting for one of its concurrent slots
 * ({@code extension-queue} in the flows document's settings): how many wait now, and, counted one
 * by one since the engine started, how many were refused because the queue was full (or, with no
 * queue, because every slot was taken), how many expired (their step's deadline passed while they
 * waited), how many left because their client went away, and how many got a slot after waiting,
 * with the summed time they waited in nanoseconds.
 */
public record ExtensionQueue(String symbolicName, int waiting, long refused, long expired, long abandoned, long granted,
                             long waitedNanos) {
    public ExtensionQueue {
        Objects.requireNonNull(symbolicName, "symbolicName");
    }
}
