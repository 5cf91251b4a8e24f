package org.gatehouse.sandbox.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.gatehouse.sandbox.bridge.internal.NetworkEntries;
import org.gatehouse.sandbox.bridge.internal.RuntimeEntries;
import org.gatehouse.sandbox.bridge.internal.ThreadEntries;

/** Code the tests load through an {@link ExtensionLoader}; called by reflection. */
public final class ExtensionCode {
    private ExtensionCode() {
    }

    /** Runs trusted code with this extension below it on the stack: the trusted code is its deputy. */
    public static void run(Runnable trusted) {
        trusted.run();
    }

    /** Asks for a privileged boundary itself: it is still decided as itself. */
    public static void privilegedCheck() {
        Privileged.run(() -> SandboxBridge.check("runtime", "exitVM", ""));
    }

    /** Wraps trusted code in a privileged boundary of its own making: the extension is the frame that vouched. */
    public static void privilegedRun(Runnable trusted) {
        Privileged.run(trusted);
    }

    /** Initializes {@code className} (a trusted class) with this extension below its static initializer. */
    public static void initialize(String className) throws ClassNotFoundException {
        Class.forName(className, true, ExtensionCode.class.getClassLoader());
    }

    /** Initializes a class of the extension's own whose static initializer asks for exitVM. */
    public static void initializeOwn() {
        OwnInitializer.touch();
    }

    /** The extension's own class: its static initializer is no boundary for it. */
    static final class OwnInitializer {
        static {
            SandboxBridge.check("runtime", "exitVM", "");
        }

        static void touch() {
        }
    }

    public static void checkDirectly() {
        SandboxBridge.check("runtime", "exitVM", "");
    }

    /** A method reference to a bridge entry, handed to whoever calls it: only its hidden class names the extension. */
    public static Consumer<String> runtimeCheckReference() {
        return RuntimeEntries::runtime;
    }

    /** Starts {@code work} on a new thread the way the instrumented {@code Thread.start} would, and waits. */
    public static void startAndJoin(Runnable work) throws InterruptedException {
        Thread thread = new Thread(work, "started-by-extension");
        ThreadEntries.start(thread);
        thread.start();
        thread.join();
    }

    /** Starts {@code count} threads that wait for {@code release}, the way the instrumented {@code Thread.start} would. */
    public static List<Thread> startWaiting(int count, CountDownLatch release) {
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> awaitQuietly(release), "waiting-extension-thread-" + i);
            ThreadEntries.start(thread);
            thread.start();
            started.add(thread);
        }
        return started;
    }

    /** Runs the check and record of {@code Thread.start} for a new thread, which it does not start. */
    public static Thread decideStartOnly() {
        Thread thread = new Thread(() -> { }, "decided-not-started");
        ThreadEntries.start(thread);
        return thread;
    }

    /**
     * Starts a thread that ends at once, calling on its way out what the instrumented
     * {@code Thread.exit} would; nobody asks whether it is alive meanwhile.
     */
    public static Thread startEndingThread() {
        // a subclass: the bridge does not believe its getState, only its own word from the ending thread
        Thread thread = new Thread(() -> ThreadEntries.ended(Thread.currentThread()), "ending-extension-thread") {
        };
        ThreadEntries.start(thread);
        thread.start();
        return thread;
    }

    /** What the instrumented accept does with a connection it accepted for the extension. */
    public static void checkAccepted(Object connection) {
        NetworkEntries.accepted(connection);
    }

    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
