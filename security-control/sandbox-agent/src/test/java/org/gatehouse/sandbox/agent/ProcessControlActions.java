package org.gatehouse.sandbox.agent;

import java.beans.EventHandler;
import java.beans.Statement;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Proxy;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Process-wide controls and the JDK's deferred invokers: tasks made of JDK code alone handed to a
 * pool, signals, the platform MBean server and MXBeans, the flight recorder. One tiny action per
 * route; run from an {@link ExtensionLoader} (the extension) and from trusted code.
 */
public final class ProcessControlActions {
    private static final java.util.concurrent.atomic.AtomicInteger WINCHES = new java.util.concurrent.atomic.AtomicInteger();

    private ProcessControlActions() {
    }

    /**
     * The asynchronous hand-off: a Runnable of JDK code only (a boot-loader proxy whose
     * EventHandler runs a java.beans Statement) submitted to the common pool, whose worker has no
     * extension frame on its stack when the Statement sets the property.
     */
    public static Object setPropertyFromCommonPool(String key) throws Exception {
        Statement set = new Statement(System.class, "setProperty", new Object[] {key, "set from the pool"});
        Runnable jdkOnly = (Runnable) Proxy.newProxyInstance(null, new Class<?>[] {Runnable.class},
                new EventHandler(set, "execute", null, null));
        ForkJoinPool.commonPool().submit(jdkOnly).get(10, TimeUnit.SECONDS);
        return System.getProperty(key);
    }

    /** The same hand-off built from a method handle bound to its arguments. */
    public static Object methodHandleProxyRunnable(String key) throws Exception {
        MethodHandle setProperty = MethodHandles.publicLookup().findStatic(System.class, "setProperty",
                MethodType.methodType(String.class, String.class, String.class));
        Runnable jdkOnly = MethodHandleProxies.asInterfaceInstance(Runnable.class,
                MethodHandles.dropReturn(MethodHandles.insertArguments(setProperty, 0, key, "set from the pool")));
        ForkJoinPool.commonPool().submit(jdkOnly).get(10, TimeUnit.SECONDS);
        return System.getProperty(key);
    }

    /** Installs a handler for a signal the JVM leaves alone (WINCH) that counts it; returns the handler it had. */
    /** How many processes of the host it sees. */
    /** Whether the JVM inherited a channel (the test JVM has none: a file or a pipe on standard input). */
    public static Object inheritedChannel() throws java.io.IOException {
        return System.inheritedChannel() != null;
    }

    public static Object listProcesses() {
        return ProcessHandle.allProcesses().count();
    }

    /** The handle of process 1, if it may have one. */
    public static Object handleOfInit() {
        return ProcessHandle.of(1).isPresent();
    }

    public static Object ownProcess() {
        return ProcessHandle.current().pid();
    }

    public static Object handleSignal() throws Exception {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handler = Class.forName("sun.misc.SignalHandler");
        Object winch = signal.getConstructor(String.class).newInstance("WINCH");
        Object counting = Proxy.newProxyInstance(ProcessControlActions.class.getClassLoader(), new Class<?>[] {handler},
                (proxy, method, args) -> method.getName().equals("handle") ? (Object) WINCHES.incrementAndGet() : null);
        return signal.getMethod("handle", signal, handler).invoke(null, winch, counting);
    }

    /** Raises WINCH in this process and waits for the handler to count it; returns the count. */
    public static Object raiseSignal() throws Exception {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Object winch = signal.getConstructor(String.class).newInstance("WINCH");
        int before = WINCHES.get();
        signal.getMethod("raise", signal).invoke(null, winch);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (WINCHES.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return WINCHES.get() - before;
    }

    public static Object platformMBeanServer() {
        return ManagementFactory.getPlatformMBeanServer().getDefaultDomain();
    }

    public static Object platformMXBean() {
        return ManagementFactory.getPlatformMXBean(MemoryMXBean.class).getObjectName().toString();
    }

    /** A recording is created (not started) and closed again. */
    public static Object newRecording() {
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            return recording.getState().toString();
        }
    }
}
