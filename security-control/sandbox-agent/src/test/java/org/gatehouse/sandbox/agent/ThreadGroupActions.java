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

    /**
     * Starts a thread of the extension's own Thread subclass (whose state the sandbox does not
     * believe) that ends at once, and waits for it without ever asking whether it is alive.
     */
    public static Thread startShortLivedThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Thread thread = new Thread(ran::countDown, "short-lived-extension-thread") {
        };
        thread.start();
        ran.await();
        return thread;
    }

    /** 21+: starts a virtual thread that ends at once, and waits for it without asking whether it is alive. */
    public static Thread startShortLivedVirtualThread() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Runnable task = ran::countDown;
        Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
        ran.await();
        return thread;
    }
}
