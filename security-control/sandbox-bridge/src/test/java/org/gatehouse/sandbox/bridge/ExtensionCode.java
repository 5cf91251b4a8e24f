package org.gatehouse.sandbox.bridge;

import java.util.function.Consumer;
import org.gatehouse.sandbox.bridge.internal.RuntimeEntries;
import org.gatehouse.sandbox.bridge.internal.ThreadEntries;

/** Code the tests load through an {@link ExtensionLoader}; called by reflection. */
public final class ExtensionCode {
    private ExtensionCode() {
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
}
