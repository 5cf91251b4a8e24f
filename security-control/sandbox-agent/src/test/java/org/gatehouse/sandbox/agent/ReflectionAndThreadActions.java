package org.gatehouse.sandbox.agent;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reaching into other code (reflection, private lookups, Unsafe, class definition, class loaders)
 * and threads. One tiny sensitive action per route of docs/threat-model.md "Escape routes"; the tests run each from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 */
public final class ReflectionAndThreadActions {
    private ReflectionAndThreadActions() {
    }

    // reflection, private lookups, class definition, class loaders, Unsafe

    public static Object readPrivateField() throws Exception {
        Field secret = HostSecrets.class.getDeclaredField("secret");
        secret.setAccessible(true);
        return secret.get(null);
    }

    public static Boolean trySetAccessible() throws Exception {
        return HostSecrets.class.getDeclaredField("secret").trySetAccessible();
    }

    public static Object readOwnPrivateField() throws Exception {
        Field own = ReflectionAndThreadActions.class.getDeclaredField("ownSecret");
        own.setAccessible(true);
        return own.get(null);
    }

    @SuppressWarnings("unused")
    private static String ownSecret = "extension's own";

    public static Object privateLookupIn() throws Throwable {
        return MethodHandles.privateLookupIn(HostSecrets.class, MethodHandles.lookup())
                .findStaticGetter(HostSecrets.class, "secret", String.class).invoke();
    }

    public static Object theUnsafe() throws Exception {
        Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        return theUnsafe.get(null);
    }

    /** Called directly: the JDK filters getUnsafe out of reflection. */
    public static Object getUnsafe() {
        return sun.misc.Unsafe.getUnsafe();
    }

    /** Defines a class inside the platform's loader through a lookup a platform API leaked. */
    public static Object defineClassInPlatformLoader(byte[] classBytes) throws Exception {
        return HostSecrets.leakLookup().defineClass(classBytes);
    }

    public static Object newClassLoader() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
            return loader.getName();
        }
    }

    /** A module layer gets a class loader of the JDK's jdk.internal.loader package: still a new loader. */
    public static Object newModuleLayer() {
        java.lang.module.Configuration empty = ModuleLayer.boot().configuration().resolve(
                java.lang.module.ModuleFinder.of(), java.lang.module.ModuleFinder.of(), java.util.Set.of());
        return ModuleLayer.boot().defineModulesWithOneLoader(empty, ReflectionAndThreadActions.class.getClassLoader());
    }

    // threads

    public static Boolean startThread() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Thread thread = new Thread(() -> ran.set(true));
        thread.start();
        thread.join();
        return ran.get();
    }

    /** Virtual threads (21+), by reflection: this class is compiled for 17. */
    public static Boolean startVirtualThread() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable task = () -> ran.set(true);
        Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
        thread.join();
        return ran.get();
    }

    public static void setContextClassLoader() {
        Thread.currentThread().setContextClassLoader(ReflectionAndThreadActions.class.getClassLoader());
    }

    public static void renameThread(Thread thread) {
        thread.setName("renamed by extension");
    }

    public static String renameOwnThread() throws Exception {
        String[] name = new String[1];
        Thread own = new Thread(() -> { });
        own.setDaemon(true);
        own.start();
        own.setName("own");
        own.join();
        name[0] = own.getName();
        return name[0];
    }

    public static void setDefaultUncaughtExceptionHandler() {
        Thread.setDefaultUncaughtExceptionHandler(Thread.getDefaultUncaughtExceptionHandler());
    }

    /** A thread whose hashCode exits: it must never run inside the bridge. */
    public static Boolean startThreadWithHostileHashCode() throws Exception {
        Thread hostile = new HostileThread();
        hostile.start();
        hostile.join();
        return true;
    }

    private static final class HostileThread extends Thread {
        @Override
        public int hashCode() {
            Runtime.getRuntime().exit(7);
            return 0;
        }

        @Override
        public boolean equals(Object other) {
            Runtime.getRuntime().exit(7);
            return false;
        }
    }
}
