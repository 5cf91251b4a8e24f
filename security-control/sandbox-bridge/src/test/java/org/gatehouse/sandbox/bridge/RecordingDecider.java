package org.gatehouse.sandbox.bridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test decider, installed once per test JVM: trusts the test's own class loader ("the
 * platform"), records every request it is asked about, and denies requests whose caller was
 * defined by an {@link ExtensionLoader} ("the extension"), except thread creation, which it holds
 * to {@link #threadBudget} as the policy engine does. Classes of any other loader are asked about
 * and allowed.
 */
final class RecordingDecider implements SandboxDecider {
    static final RecordingDecider INSTANCE = install();

    record Request(Class<?> caller, String type, String name, String actions) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** What {@link #allows} was asked: a request it allows never reaches {@link #check}. */
    final List<Request> asked = new CopyOnWriteArrayList<>();
    /** Whether {@link #allows} allows the extension's requests (it answers false by default: every check is exact). */
    volatile boolean allowsExtension;
    /** Requests the bridge refused by itself and reported. */
    final List<Request> refusedByTheBridge = new CopyOnWriteArrayList<>();
    volatile Runnable duringCheck = () -> { };
    /** Live threads an extension may have started, as the policy engine's thread budget counts them. */
    volatile int threadBudget = Integer.MAX_VALUE;

    private static RecordingDecider install() {
        RecordingDecider decider = new RecordingDecider();
        SandboxBridge.install(decider);
        return decider;
    }

    @Override
    public boolean isTrusted(Class<?> type) {
        return type.getClassLoader() == RecordingDecider.class.getClassLoader();
    }

    @Override
    public boolean allows(Class<?> caller, String type, String name, String actions) {
        asked.add(new Request(caller, type, name, actions));
        return allowsExtension && caller.getClassLoader() instanceof ExtensionLoader;
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

    @Override
    public void denied(Class<?> caller, String type, String name, String actions, String rule) {
        refusedByTheBridge.add(new Request(caller, type, name, actions));
    }

    /** Forgets the recorded requests and what a check runs: the decider is shared by every test of the JVM. */
    void reset() {
        requests.clear();
        asked.clear();
        allowsExtension = false;
        refusedByTheBridge.clear();
        duringCheck = () -> { };
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }
}
