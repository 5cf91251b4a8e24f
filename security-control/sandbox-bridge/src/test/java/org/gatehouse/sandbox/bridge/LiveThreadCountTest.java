package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.gatehouse.sandbox.bridge.internal.ThreadEntries;
import org.junit.jupiter.api.Test;

/** The thread budget's count: live threads per creating class loader (docs/policy-language.md "The thread budget"). */
class LiveThreadCountTest {

    @Test
    void countsTheLiveThreadsAnExtensionStartedUntilTheyEnd() throws Exception {
        assertNotNull(RecordingDecider.INSTANCE, "the test decider is installed, so starts are decided and recorded");
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        ExtensionLoader other = new ExtensionLoader(ExtensionCode.class.getName());
        CountDownLatch release = new CountDownLatch(1);

        List<Thread> started = startWaiting(extension, 3, release);

        assertEquals(3, SandboxBridge.liveThreadsStartedBy(extension));
        assertEquals(0, SandboxBridge.liveThreadsStartedBy(other), "another loader's threads are not counted");
        release.countDown();
        for (Thread thread : started) {
            thread.join(10_000);
        }
        assertEquals(0, SandboxBridge.liveThreadsStartedBy(extension), "ended threads no longer count");
    }

    @Test
    void threadsStartedByTrustedCodeAloneCountForNobody() throws Exception {
        // starts are recorded only once a decider is installed; in a random test order this may run first
        assertNotNull(RecordingDecider.INSTANCE, "the test decider is installed, so starts are decided and recorded");
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        ClassLoader mine = LiveThreadCountTest.class.getClassLoader();
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = new Thread(() -> awaitQuietly(release), "started-by-the-test");
        ThreadEntries.start(thread);
        thread.start();
        try {
            assertEquals(0, SandboxBridge.liveThreadsStartedBy(mine));
            assertEquals(0, SandboxBridge.liveThreadsStartedBy(extension));
        } finally {
            release.countDown();
            thread.join(10_000);
        }
    }

    @Test
    void aThreadTrustedCodeStartsForAnExtensionCountsForTheExtension() throws Exception {
        assertNotNull(RecordingDecider.INSTANCE, "the test decider is installed, so starts are decided and recorded");
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = new Thread(() -> awaitQuietly(release), "started-by-a-deputy");
        Runnable deputy = () -> {
            ThreadEntries.start(thread);
            thread.start();
        };
        extension.loadClass(ExtensionCode.class.getName()).getMethod("run", Runnable.class).invoke(null, deputy);
        try {
            assertEquals(1, SandboxBridge.liveThreadsStartedBy(extension));
        } finally {
            release.countDown();
            thread.join(10_000);
        }
    }

    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Thread> startWaiting(ClassLoader loader, int count, CountDownLatch release) throws Exception {
        Class<?> code = loader.loadClass(ExtensionCode.class.getName());
        return (List<Thread>) code.getMethod("startWaiting", int.class, CountDownLatch.class).invoke(null, count, release);
    }
}
