package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thread groups: interrupting a group or lowering its priority ceiling reaches threads of other
 * code (the element's event loops), so it is {@code runtime modifyThreadGroup}; and a thread that
 * ended (platform or virtual) leaves the thread budget's count even if nobody saw it alive.
 */
class ThreadGroupsIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return ThreadGroupActions.class;
    }

    private final ThreadGroup platformGroup = new ThreadGroup("platform-event-loops");
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private Thread eventLoop;

    @BeforeEach
    void startAPlatformThreadInItsGroup() {
        eventLoop = new Thread(platformGroup, this::waitForInterrupt, "platform-event-loop");
        eventLoop.setDaemon(true);
        eventLoop.start();
    }

    @AfterEach
    void stopIt() throws InterruptedException {
        eventLoop.interrupt();
        eventLoop.join(5_000);
    }

    @Test
    void interruptingAGroupIsDeniedAndItsThreadsRunOn() throws Exception {
        assertDenied("runtime modifyThreadGroup", () -> extension.run("interruptGroup", platformGroup));
        assertFalse(interrupted.await(200, TimeUnit.MILLISECONDS), "the platform thread was interrupted");
        assertTrue(eventLoop.isAlive());

        // granted, the group interrupts each of its threads, which is modifyThread on a thread of other code
        granted("runtime", "modifyThread", () -> {
            extension.run("interruptGroup", platformGroup);
            return null;
        });
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "granted, the group's threads are interrupted");
    }

    @Test
    void trustedCodeInterruptsAGroupWithoutAsking() throws Exception {
        trusted.run("interruptGroup", platformGroup);

        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        assertNoExtensionRequest();
    }

    @Test
    void loweringAGroupsPriorityCeilingIsDenied() throws Exception {
        int before = platformGroup.getMaxPriority();

        assertDenied("runtime modifyThreadGroup", () -> extension.run("lowerMaxPriority", platformGroup));
        assertEquals(before, platformGroup.getMaxPriority());

        assertEquals(Thread.MIN_PRIORITY, granted("runtime", "modifyThreadGroup",
                () -> extension.run("lowerMaxPriority", platformGroup)));
        ThreadGroup other = new ThreadGroup("other-platform-group");
        assertEquals(Thread.MIN_PRIORITY, trusted.run("lowerMaxPriority", other));
    }

    @Test
    void aThreadThatEndedLeavesTheBudgetEvenIfNobodySawItAlive() throws Exception {
        ClassLoader extensionLoader = extension.actionsLoader();
        int before = SandboxBridge.liveThreadsStartedBy(extensionLoader);

        Thread ended = (Thread) granted("runtime", "createThread", () -> extension.run("startShortLivedThread"));
        ended.join(5_000);

        // Thread.exit, which the JVM runs on the ending thread, marked it: the count never saw it
        // alive, and the getState of the extension's Thread subclass is not asked
        assertEquals(before, SandboxBridge.liveThreadsStartedBy(extensionLoader));
    }

    @Test
    void aVirtualThreadThatEndedLeavesTheBudgetEvenIfNobodySawItAlive() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads are final from 21");
        ClassLoader extensionLoader = extension.actionsLoader();
        int before = SandboxBridge.liveThreadsStartedBy(extensionLoader);

        Thread ended = (Thread) granted("runtime", "createThread", () -> extension.run("startShortLivedVirtualThread"));
        ended.join(5_000);

        // a virtual thread has no Thread.exit: its state, the JDK's own answer, says it terminated
        assertEquals(before, SandboxBridge.liveThreadsStartedBy(extensionLoader));
    }

    private void waitForInterrupt() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            interrupted.countDown();
        }
    }
}
