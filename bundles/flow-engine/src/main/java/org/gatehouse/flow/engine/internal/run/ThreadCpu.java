package org.gatehouse.flow.engine.internal.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of one thread, from the platform's {@link ThreadMXBean}, read only for steps that
 * overran their deadline (never on the path of a step that ends in time). {@link #UNKNOWN} where
 * the JVM does not measure thread CPU time or the thread has ended.
 */
final class ThreadCpu {
    static final long UNKNOWN = -1;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean MEASURED = THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private ThreadCpu() {
    }

    /** CPU time the thread has used since it started, in nanoseconds, or {@link #UNKNOWN}. */
    static long of(Thread thread) {
        // getId, not threadId: the bundle is built for Java 17

        return MEASURED ? THREADS.getThreadCpuTime(thread.getId()) : UNKNOWN;
    }

    /** CPU time the calling thread has used, in nanoseconds, or {@link #UNKNOWN}. */
    static long ofCurrentThread() {
        return MEASURED ? THREADS.getCurrentThreadCpuTime() : UNKNOWN;
    }

    /** CPU used between two readings, or {@link #UNKNOWN} when either is unknown. */
    static long between(long before, long after) {
        return before == UNKNOWN || after == UNKNOWN ? UNKNOWN : Math.max(0, after - before);
    }
}
