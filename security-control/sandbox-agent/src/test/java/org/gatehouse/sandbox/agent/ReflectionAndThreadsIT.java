package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Reaching into other code (setAccessible, trySetAccessible, private lookups, Unsafe, class
 * definition in another loader, new class loaders) and threads (start, changes to other
 * threads, context class loader, default handler).
 */
class ReflectionAndThreadsIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return ReflectionAndThreadActions.class;
    }

    private static final String HOST = HostSecrets.class.getName();

    @Test
    void suppressingAccessChecksOnPlatformCodeIsDenied() throws Exception {
        assertDenied("reflect suppressAccessChecks:" + HOST, () -> extension.run("readPrivateField"));
        assertDenied("reflect suppressAccessChecks:" + HOST, () -> extension.run("trySetAccessible"));

        assertEquals("platform secret",
                granted("reflect", "suppressAccessChecks:" + HOST, () -> extension.run("readPrivateField")));
        assertEquals("platform secret", trusted.run("readPrivateField"));
    }

    @Test
    void anExtensionMayReflectOnItself() throws Exception {
        assertEquals("extension's own", extension.run("readOwnPrivateField"));

        assertNoExtensionRequest();
    }

    @Test
    void privateLookupIntoPlatformCodeIsDenied() throws Exception {
        assertDenied("reflect privateLookup:" + HOST, () -> extension.run("privateLookupIn"));

        assertEquals("platform secret", granted("reflect", "privateLookup:" + HOST, () -> extension.run("privateLookupIn")));
    }

    @Test
    void unsafeIsDeniedThroughReflectionAndGetUnsafe() throws Exception {
        assertDenied("reflect suppressAccessChecks:sun.misc.Unsafe", () -> extension.run("theUnsafe"));
        assertDenied("runtime accessClassInPackage.sun.misc", () -> extension.run("getUnsafe"));

        assertEquals("sun.misc.Unsafe", granted("reflect", "suppressAccessChecks:sun.misc.Unsafe",
                () -> extension.run("theUnsafe")).getClass().getName());
    }

    @Test
    void definingAClassInThePlatformLoaderIsDenied() throws Exception {
        byte[] classBytes = bytesOf("Planted");

        assertDenied("runtime defineClass", () -> extension.run("defineClassInPlatformLoader", (Object) classBytes));

        Class<?> defined = (Class<?>) granted("runtime", "defineClass",
                () -> extension.run("defineClassInPlatformLoader", (Object) bytesOf("PlantedWhenGranted")));
        assertEquals(HostSecrets.class.getClassLoader(), defined.getClassLoader());
    }

    @Test
    void creatingAClassLoaderIsDenied() throws Exception {
        assertDenied("runtime createClassLoader", () -> extension.run("newClassLoader"));

        granted("runtime", "createClassLoader", () -> extension.run("newClassLoader"));
        trusted.run("newClassLoader");
    }

    @Test
    void creatingAModuleLayerIsCreatingAClassLoader() throws Exception {
        assertDenied("runtime createClassLoader", () -> extension.run("newModuleLayer"));

        granted("runtime", "createClassLoader", () -> extension.run("newModuleLayer"));
    }

    @Test
    void startingAThreadIsDeniedAndItDoesNotRun() throws Exception {
        assertDenied("runtime createThread", () -> extension.run("startThread"));

        assertEquals(true, granted("runtime", "createThread", () -> extension.run("startThread")));
        assertEquals(true, trusted.run("startThread"));
    }

    @Test
    void startingAVirtualThreadIsDenied() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads are final from 21");

        assertDenied("runtime createThread", () -> extension.run("startVirtualThread"));

        assertEquals(true, granted("runtime", "createThread", () -> extension.run("startVirtualThread")));
    }

    @Test
    void aThreadSubclassNeverRunsItsCodeInsideTheBridge() throws Exception {
        // the creator map compares threads by identity: a hostile hashCode/equals would run with checks off
        assertEquals(true, granted("runtime", "createThread", () -> extension.run("startThreadWithHostileHashCode")));
    }

    @Test
    void changingAPlatformThreadIsDeniedButItsOwnThreadsAreFree() throws Exception {
        Thread platform = new Thread(() -> sleepQuietly(2_000), "platform-worker");
        platform.setDaemon(true);
        platform.start();

        assertDenied("runtime modifyThread", () -> extension.run("renameThread", platform));
        assertEquals("platform-worker", platform.getName());

        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            assertEquals("own", extension.run("renameOwnThread"));
        }
        platform.interrupt();
    }

    @Test
    void swappingTheContextClassLoaderOfAPlatformThreadIsDenied() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        assertDenied("runtime setContextClassLoader", () -> extension.run("setContextClassLoader"));
        assertEquals(before, Thread.currentThread().getContextClassLoader());

        try {
            granted("runtime", "setContextClassLoader", () -> extension.run("setContextClassLoader"));
            assertNotEquals(before, Thread.currentThread().getContextClassLoader());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void theDefaultUncaughtExceptionHandlerIsDenied() throws Exception {
        assertDenied("runtime setDefaultHandler", () -> extension.run("setDefaultUncaughtExceptionHandler"));

        granted("runtime", "setDefaultHandler", () -> extension.run("setDefaultUncaughtExceptionHandler"));
    }

    /** By resource name: a class literal would load the class into the test's loader first. */
    private static byte[] bytesOf(String simpleName) throws Exception {
        try (InputStream in = ReflectionAndThreadsIT.class.getResourceAsStream(simpleName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
