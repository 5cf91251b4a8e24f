package org.gatehouse.dataplane.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that another thread makes true, failing with a message after a deadline. */
public final class Await {
    private Await() {
    }

    public static void until(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + "ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}
