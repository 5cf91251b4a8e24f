package org.gatehouse.flow.engine.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many messages still run on one generation of the flows document. Once a newer document is
 * in force and the last of them ends, the generation's bladelet instances are closed.
 */
final class GenerationUse {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> onDrained = new CopyOnWriteArrayList<>();
    private volatile boolean retired;

    GenerationUse(Runnable onDrained) {
        this.onDrained.add(onDrained);
    }

    /** Also runs this once the generation is retired and drained; call before {@link #retire()}. */
    void alsoOnDrained(Runnable action) {
        onDrained.add(action);
    }

    void enter() {
        running.incrementAndGet();
    }

    void exit() {
        if (running.decrementAndGet() == 0 && retired) {
            drained();
        }
    }

    void retire() {
        retired = true;
        if (running.get() == 0) {
            drained();
        }
    }

    private void drained() {
        if (closed.compareAndSet(false, true)) {
            onDrained.forEach(Runnable::run);
        }
    }
}
