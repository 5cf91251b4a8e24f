package org.gatehouse.sandbox.bridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test decider, installed once per test JVM: records every request and denies requests
 * whose caller was defined by an {@link ExtensionLoader} ("the extension"), except thread creation.
 */
final class RecordingDecider implements SandboxDecider {
    static final RecordingDecider INSTANCE = install();

    record Request(Class<?> caller, String type, String name, String actions) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Runnable duringCheck = () -> { };

    private static RecordingDecider install() {
        RecordingDecider decider = new RecordingDecider();
        SandboxBridge.install(decider);
        return decider;
    }

    @Override
    public void check(Class<?> caller, String type, String name, String actions) {
        requests.add(new Request(caller, type, name, actions));
        duringCheck.run();
        boolean granted = type.equals("runtime") && name.equals("createThread");
        if (caller.getClassLoader() instanceof ExtensionLoader && !granted) {
            throw new SandboxDeniedException("denied: class [" + caller.getName() + "], permission ["
                    + type + " " + name + " " + actions + "], rule [not granted]");
        }
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }
}
