package org.gatehouse.sandbox.agent;

import java.beans.EventHandler;
import java.beans.Statement;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Exit and halt through every route (including those that hide the caller), process start and
 * native code. One tiny sensitive action per route of docs/threat-model.md "Escape routes"; the tests run each from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 */
public final class ExitAndProcessActions {
    private ExitAndProcessActions() {
    }

    // exit/halt: every route, including the ones that hide the caller

    public static void systemExit(Integer status) {
        System.exit(status);
    }

    public static void runtimeExit(Integer status) {
        Runtime.getRuntime().exit(status);
    }

    public static void runtimeHalt(Integer status) {
        Runtime.getRuntime().halt(status);
    }

    public static void exitByMethodReference(Integer status) {
        Optional.of(status).ifPresent(System::exit);
    }

    public static void exitByReflection(Integer status) throws Exception {
        Method exit = System.class.getMethod("exit", int.class);
        exit.invoke(null, status);
    }

    public static void exitByMethodHandle(Integer status) throws Throwable {
        MethodHandle exit = MethodHandles.publicLookup().findStatic(System.class, "exit",
                MethodType.methodType(void.class, int.class));
        exit.invokeExact((int) status);
    }

    /** A JDK-made Runnable around the exit handle: on 17 its proxy class sits in the application loader. */
    public static void exitByMethodHandleProxy(Integer status) throws Throwable {
        MethodHandle exit = MethodHandles.publicLookup().findStatic(System.class, "exit",
                MethodType.methodType(void.class, int.class));
        MethodHandleProxies.asInterfaceInstance(Runnable.class, MethodHandles.insertArguments(exit, 0, status)).run();
    }

    /** A JDK deputy: java.beans runs the exit, no extension frame is between it and Runtime.exit but the caller's. */
    public static void exitByJdkDeputy(Integer status) throws Exception {
        new Statement(Runtime.getRuntime(), "exit", new Object[] {status}).execute();
    }

    /**
     * A thread the extension starts, running a Runnable made only of JDK code (a boot-loader
     * proxy with java.beans' EventHandler running a Statement): only the recorded creator names the
     * extension. Returns what the thread died of.
     */
    public static Throwable exitOnThreadRunningJdkRunnable(Integer status) throws InterruptedException {
        Statement exit = new Statement(Runtime.getRuntime(), "exit", new Object[] {status});
        Runnable jdkOnly = (Runnable) Proxy.newProxyInstance(null, new Class<?>[] {Runnable.class},
                new EventHandler(exit, "execute", null, null));
        Throwable[] death = new Throwable[1];
        Thread thread = new Thread(jdkOnly);
        thread.setUncaughtExceptionHandler((t, e) -> death[0] = e);
        thread.start();
        thread.join();
        return death[0];
    }

    // processes and native code

    public static Integer startProcess(String marker) throws Exception {
        Process process = new ProcessBuilder("touch", marker).start();
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public static Integer runtimeExec(String marker) throws Exception {
        Process process = Runtime.getRuntime().exec(new String[] {"touch", marker});
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public static void loadLibrary(String name) {
        System.loadLibrary(name);
    }

    public static void loadFile(String path) {
        Runtime.getRuntime().load(path);
    }

    /** The foreign function API, by reflection: this class is compiled for 17, where it does not exist. */
    public static Object nativeLinker() throws Exception {
        return Class.forName("java.lang.foreign.Linker").getMethod("nativeLinker").invoke(null);
    }

    /** 17's incubating foreign API (resolved only with {@code --add-modules jdk.incubator.foreign}). */
    public static Object incubatorLinker() throws Exception {
        return Class.forName("jdk.incubator.foreign.CLinker").getMethod("getInstance").invoke(null);
    }

    public static Object incubatorLoaderLookup() throws Exception {
        return Class.forName("jdk.incubator.foreign.SymbolLookup").getMethod("loaderLookup").invoke(null);
    }
}
