package org.gatehouse.sandbox.bridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test decider, installed once per test JVM: records every request and denies requests
 * whose caller was defined by an {@link ExtensionLoader} ("the extension"), except thread creation,
 * which it holds to {@link #threadBudget} as the policy engine does.
 */
final class RecordingDecider implements SandboxDecider {
    static final RecordingDecider INSTANCE = install();

    record Request(Class<?> caller, String type, String name, String actions) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Runnable duringCheck = () -> { };
    /** Live threads an extension may have started, as the policy engine's thread budget counts them. */
    volatile int threadBudget = Integer.MAX_VALUE;

    private static RecordingDecider install() {
        RecordingDecider decider = new RecordingDecider();
        SandboxBridge.install(decider);
        return decider;
    }

    @Override
    public void check(Class<?> caller, String type, String name, String actions) {
        requests.add(new Request(caller, type, name, actions));
        boolean threadStart = type.equals("runtime") && name.equals("createThread");
        boolean fromExtension = caller.getClassLoader() instanceof ExtensionLoader;
        // counted first and decided after the slow part, the widest window a decider can leave
        int live = threadStart && fromExtension ? SandboxBridge.liveThreadsStartedBy(caller.getClassLoader()) : 0;
        duringCheck.run();
        if (fromExtension && !threadStart) {
            throw new SandboxDeniedException("denied: class [" + caller.getName() + "], permission ["
                    + type + " " + name + " " + actions + "], rule [not granted]");
        }
        if (fromExtension && threadStart && live >= threadBudget) {
            throw new SandboxDeniedException("denied: class [" + caller.getName() + "], permission ["
                    + type + " " + name + " " + actions + "], rule [thread budget " + threadBudget + "]");
        }
    }

    /** Forgets the recorded requests and what a check runs: the decider is shared by every test of the JVM. */
    void reset() {
        requests.clear();
        duringCheck = () -> { };
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }
}
