package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * docs/policy-language.md "The thread budget": column (b)'s policies (the extension is granted
 * {@code runtime createThread}) with {@code max-threads-per-extension="3"}. The extension starts
 * three threads that wait on a latch; the fourth start is denied naming the budget and never
 * runs; once the three have ended, a new start is allowed again. The start denied for want of
 * {@code runtime createThread} is the {@code Thread.start} row of {@link NotGrantedMatrixIT}.
 */
class ThreadBudgetIT extends BehaviourMatrix {
    private static final int BUDGET = 3;
    private static final String ROOT = "<system-policy xmlns=\"urn:gatehouse:system-policy:1\">";

    @BeforeAll
    static void bootWithABudgetOfThree() throws Exception {
        String granted = MatrixPolicies.grantedSystemPolicy();
        assertTrue(granted.contains(ROOT), granted);
        String budgeted = granted.replace(ROOT, ROOT.replace(">", " max-threads-per-extension=\"" + BUDGET + "\">"));
        boot(budgeted.getBytes(StandardCharsets.UTF_8), MatrixPolicies.extensionPolicy());
    }

    @Test
    void theStartBeyondTheBudgetIsDeniedUntilThreadsEnd() throws Throwable {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < BUDGET; i++) {
            started.add(startWaiting(release, running));
        }
        awaitRunning(running, BUDGET);

        SandboxDeniedException denial = deniedStart(release, running);
        assertTrue(denial.getMessage().contains("permission [runtime createThread], rule [thread budget " + BUDGET + "]"),
                denial.getMessage());
        assertTrue(denial.getMessage().contains("codebase [ext:" + SandboxedFramework.EXTENSION + "/1.0.0"), denial.getMessage());
        Thread.sleep(200);
        assertEquals(BUDGET, running.get(), "the denied thread never ran");
        assertEquals(Bundle.ACTIVE, element.extension().getState(), "the extension keeps running after the denial");

        release.countDown();
        for (Thread thread : started) {
            thread.join(10_000);
            assertFalse(thread.isAlive(), thread + " did not end");
        }
        CountDownLatch again = new CountDownLatch(1);
        AtomicInteger runningAgain = new AtomicInteger();
        Thread next = startWaiting(again, runningAgain);
        awaitRunning(runningAgain, 1);
        again.countDown();
        next.join(10_000);
    }

    private static Thread startWaiting(CountDownLatch release, AtomicInteger running) throws Throwable {
        return (Thread) element.run("startWaitingThread", new Object[] {release, running});
    }

    private static SandboxDeniedException deniedStart(CountDownLatch release, AtomicInteger running) {
        try {
            Object started = startWaiting(release, running);
            throw new AssertionError("start " + (BUDGET + 1) + " was allowed beyond the budget: " + started);
        } catch (SandboxDeniedException denial) {
            return denial;
        } catch (Throwable other) {
            throw new AssertionError("start " + (BUDGET + 1) + " failed with something else than a denial", other);
        }
    }

    private static void awaitRunning(AtomicInteger running, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, running.get(), "threads running");
    }
}
