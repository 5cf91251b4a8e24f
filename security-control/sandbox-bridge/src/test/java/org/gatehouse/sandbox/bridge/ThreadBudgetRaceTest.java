package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gatehouse.sandbox.bridge.internal.ThreadEntries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The thread budget cannot be overshot by concurrent starts (docs/policy-language.md "The thread budget"): a start that passed the
 * check counts before its thread is alive, and the count and the record form one step per class
 * loader. The first decision is held until the second start has either reached its own decision
 * or is waiting for the first: without the serialization the second would see room and pass.
 */
class ThreadBudgetRaceTest {
    private final RecordingDecider decider = RecordingDecider.INSTANCE;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void restoreTheDecider() {
        decider.threadBudget = Integer.MAX_VALUE;
        decider.duringCheck = () -> { };
        release.countDown();
    }

    @Test
    void twoConcurrentStartsOfOneExtensionWithRoomForOneStartOnlyOne() throws Exception {
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        decider.threadBudget = 1;
        AtomicReference<Throwable> firstOutcome = new AtomicReference<>();
        AtomicReference<Throwable> secondOutcome = new AtomicReference<>();
        CountDownLatch secondDone = new CountDownLatch(1);
        Thread first = new Thread(() -> firstOutcome.set(startOneFor(extension)), "first-starter");
        Thread second = new Thread(() -> {
            secondOutcome.set(startOneFor(extension));
            secondDone.countDown();
        }, "second-starter");
        decider.duringCheck = () -> {
            if (Thread.currentThread() == first) {
                second.start();
                awaitBlockedOrDone(second, secondDone);
            }
        };

        first.start();
        first.join(10_000);
        second.join(10_000);

        assertNull(firstOutcome.get(), "the first start, counted with room for one, passes");
        assertInstanceOf(SandboxDeniedException.class, secondOutcome.get(), "the second start saw the first counted");
        assertTrue(secondOutcome.get().getMessage().contains("thread budget 1"), secondOutcome.get().getMessage());
        assertEquals(1, SandboxBridge.liveThreadsStartedBy(extension));
    }

    @Test
    void aStartThatPassedTheCheckCountsBeforeItsThreadIsAlive() throws Exception {
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        Thread notYetStarted = decideOnly(extension);

        assertTrue(!notYetStarted.isAlive());
        assertEquals(1, SandboxBridge.liveThreadsStartedBy(extension));
    }

    @Test
    void onlyTheEndingThreadItselfCanTakeItOutOfTheCount() throws Exception {
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        Thread notYetStarted = decideOnly(extension);

        ThreadEntries.ended(notYetStarted);

        assertEquals(1, SandboxBridge.liveThreadsStartedBy(extension), "another thread cannot say it ended");
    }

    @Test
    void aThreadThatEndedUnseenLeavesTheCountThroughItsExit() throws Exception {
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        Class<?> code = extension.loadClass(ExtensionCode.class.getName());

        Thread ended = (Thread) code.getMethod("startEndingThread").invoke(null);
        ended.join(10_000);

        assertEquals(0, SandboxBridge.liveThreadsStartedBy(extension));
    }

    /** The decision and record of {@code Thread.start} for a thread the extension made, without starting it. */
    private static Thread decideOnly(ExtensionLoader extension) throws Exception {
        Class<?> code = extension.loadClass(ExtensionCode.class.getName());
        return (Thread) code.getMethod("decideStartOnly").invoke(null);
    }

    private Throwable startOneFor(ExtensionLoader extension) {
        try {
            Class<?> code = extension.loadClass(ExtensionCode.class.getName());
            code.getMethod("startWaiting", int.class, CountDownLatch.class).invoke(null, 1, release);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            return e;
        }
    }

    /** Holds the first decision until the second start waits for it or has decided on its own. */
    private static void awaitBlockedOrDone(Thread second, CountDownLatch secondDone) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline && !secondDone.await(10, TimeUnit.MILLISECONDS)) {
                if (second.getState() == Thread.State.BLOCKED) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
