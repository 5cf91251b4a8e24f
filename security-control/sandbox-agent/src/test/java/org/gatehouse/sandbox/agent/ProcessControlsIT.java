package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The JDK's deferred invokers (the only way to hand a pool a task of JDK code alone), signals,
 * management and the flight recorder: denied to the extension, with no effect; allowed when granted.
 */
class ProcessControlsIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return ProcessControlActions.class;
    }

    @Test
    void aTaskOfJdkCodeAloneCannotBeBuiltForAPool() throws Exception {
        deferredInvocationDeniedThenGranted("setPropertyFromCommonPool", "gatehouse.test.handoff." + System.nanoTime());
    }

    @Test
    void otherProcessesAreOutOfSightAndReach() throws Exception {
        assertDenied("runtime manageProcess", () -> extension.run("listProcesses"));
        assertDenied("runtime manageProcess", () -> extension.run("handleOfInit"));
        assertDenied("runtime manageProcess", () -> extension.run("ownProcess"));

        assertTrue((Long) granted("runtime", "manageProcess", () -> extension.run("listProcesses")) > 0);
        assertEquals(ProcessHandle.current().pid(), granted("runtime", "manageProcess", () -> extension.run("ownProcess")));
        assertEquals(ProcessHandle.current().pid(), trusted.run("ownProcess"));
    }

    @Test
    void theInheritedChannelIsTheElementsOwn() throws Exception {
        assertDenied("runtime inheritedChannel", () -> extension.run("inheritedChannel"));

        DECIDER.forgetRequests();
        Object inherited = trusted.run("inheritedChannel");
        assertNoExtensionRequest();
        assertEquals(inherited, granted("runtime", "inheritedChannel", () -> extension.run("inheritedChannel")));
    }

    @Test
    void aMethodHandleProxyIsADeferredInvokerToo() throws Exception {
        deferredInvocationDeniedThenGranted("methodHandleProxyRunnable", "gatehouse.test.handoff.mh." + System.nanoTime());
    }

    /** {@code action} has a pool thread set the property {@code key}: denied with no effect, set when granted. */
    private void deferredInvocationDeniedThenGranted(String action, String key) throws Exception {
        assertDenied("runtime deferredInvocation", () -> extension.run(action, key));
        assertNull(System.getProperty(key));

        // the pool starts its workers for the extension that first submits: that is granted too
        try (AutoCloseable property = DECIDER.grant("property", key); AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            assertEquals("set from the pool", granted("runtime", "deferredInvocation", () -> extension.run(action, key)));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void signalHandlersAndSignalsAreDenied() throws Exception {
        assertDenied("runtime setSignalHandler", () -> extension.run("handleSignal"));
        assertDenied("runtime raiseSignal", () -> extension.run("raiseSignal"));

        Object previous = granted("runtime", "setSignalHandler", () -> extension.run("handleSignal"));
        try {
            assertEquals(1, granted("runtime", "raiseSignal", () -> extension.run("raiseSignal")));
        } finally {
            restoreWinch(previous);
        }
    }

    @Test
    void managementIsDenied() throws Exception {
        assertDenied("runtime management", () -> extension.run("platformMBeanServer"));
        assertDenied("runtime management", () -> extension.run("platformMXBean"));

        // the JDK reads its own files (cgroups, /proc) while it builds the MXBeans for the extension
        try (AutoCloseable files = DECIDER.grant("file", "/")) {
            assertEquals("DefaultDomain", granted("runtime", "management", () -> extension.run("platformMBeanServer")));
            assertEquals("java.lang:type=Memory", granted("runtime", "management", () -> extension.run("platformMXBean")));
        }
    }

    @Test
    void theFlightRecorderIsDenied() throws Exception {
        assertDenied("runtime flightRecorder", () -> extension.run("newRecording"));

        // the recorder keeps its repository under the temporary folder and runs threads of its own
        try (AutoCloseable files = DECIDER.grant("file", "/"); AutoCloseable threads = DECIDER.grant("runtime", "")) {
            assertEquals("NEW", granted("runtime", "flightRecorder", () -> extension.run("newRecording")));
        }
    }

    private static void restoreWinch(Object previous) throws Exception {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handler = Class.forName("sun.misc.SignalHandler");
        signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("WINCH"), previous);
    }
}
