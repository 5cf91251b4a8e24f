package org.gatehouse.sandbox.agent;

import java.util.concurrent.CountDownLatch;

/**
 * Thread group changes, which reach every thread of the group (other code's included), and a
 * thread that ends at once for the budget's count. Run from an {@link ExtensionLoader} (the
 * extension) and from trusted code.
 */
public final class ThreadGroupActions {
    private ThreadGroupActions() {
    }

    public static void interruptGroup(ThreadGroup group) {
        group.interrupt();
    }

    public static Integer lowerMaxPriority(ThreadGroup group) {
        group.setMaxPriority(Thread.MIN_PRIORITY);
        return group.getMaxPriority();
    }

    /** Starts a thread that ends at once, and waits for it without ever asking whether it is alive. */
    public static Thread startShortLivedThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Thread thread = new Thread(ran::countDown, "short-lived-extension-thread");
        thread.start();
        ran.await();
        return thread;
    }
}
