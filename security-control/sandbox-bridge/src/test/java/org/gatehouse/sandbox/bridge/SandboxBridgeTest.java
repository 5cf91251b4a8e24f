package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxBridgeTest {
    private final RecordingDecider decider = RecordingDecider.INSTANCE;

    @BeforeEach
    void reset() {
        decider.requests.clear();
        decider.duringCheck = () -> { };
    }

    @Test
    void callerIsTheClassThatAsked() {
        SandboxBridge.check("file", "/tmp/x", "read");

        assertEquals(new RecordingDecider.Request(SandboxBridgeTest.class, "file", "/tmp/x", "read"), decider.last());
    }

    @Test
    void extensionCodeIsDeniedWithTheDecidersException() throws Exception {
        Method check = extensionClass().getMethod("checkDirectly");

        InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> check.invoke(null));

        assertTrue(thrown.getCause() instanceof SandboxDeniedException, thrown.getCause().toString());
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
    }

    @Test
    void reflectionFramesAreLookedThroughToTheExtension() throws Exception {
        // SandboxBridge.check invoked by reflection from extension code: Method.invoke frames are JDK
        Method check = SandboxBridge.class.getMethod("check", String.class, String.class, String.class);
        MethodHandle viaHandle = MethodHandles.lookup().findStatic(extensionClass(), "checkDirectly",
                MethodType.methodType(void.class));

        assertThrows(SandboxDeniedException.class, () -> {
            viaHandle.invokeExact();
        });
        check.invoke(null, "runtime", "exitVM", "");

        assertSame(SandboxBridgeTest.class, decider.last().caller());
    }

    @Test
    void extensionMethodReferenceRunByTrustedCodeIsStillTheExtension() throws Exception {
        @SuppressWarnings("unchecked")
        Consumer<String> reference = (Consumer<String>) extensionClass().getMethod("runtimeCheckReference").invoke(null);

        // the trusted test class is below the extension's hidden lambda class on the stack
        assertThrows(SandboxDeniedException.class, () -> Optional.of("exitVM").ifPresent(reference));

        Class<?> caller = decider.last().caller();
        assertTrue(caller.isHidden(), caller.getName());
        assertTrue(caller.getClassLoader() instanceof ExtensionLoader);
    }

    @Test
    void checksMadeWhileDecidingAreNotCheckedAgain() {
        decider.duringCheck = () -> SandboxBridge.check("file", "/policy/inner.xml", "read");

        SandboxBridge.check("file", "/outer", "read");

        assertEquals(1, decider.requests.size());
        assertEquals("/outer", decider.last().name());
    }

    @Test
    void jdkOnlyStackOnAThreadTheExtensionStartedIsTheExtension() throws Exception {
        Runnable jdkRunnable = MethodHandleProxies.asInterfaceInstance(Runnable.class, MethodHandles.insertArguments(
                MethodHandles.publicLookup().findStatic(SandboxBridge.class, "check", MethodType.methodType(
                        void.class, String.class, String.class, String.class)), 0, "runtime", "exitVM", ""));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable recordingFailure = () -> {
            try {
                jdkRunnable.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        };
        Method startAndJoin = extensionClass().getMethod("startAndJoin", Runnable.class);

        // the test's own lambda is on that thread's stack: attributed to the test class
        startAndJoin.invoke(null, recordingFailure);
        assertNull(failure.get());
        // a JDK-only Runnable: no frame but JDK ones, so the recorded creator answers
        AtomicReference<Throwable> jdkFailure = new AtomicReference<>();
        Thread.UncaughtExceptionHandler handler = (thread, e) -> jdkFailure.set(e);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        try {
            startAndJoin.invoke(null, jdkRunnable);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(null);
        }

        assertTrue(jdkFailure.get() instanceof SandboxDeniedException, String.valueOf(jdkFailure.get()));
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
    }

    @Test
    void jdkOnlyStackOnAnUnrecordedThreadIsObject() throws Exception {
        Runnable jdkRunnable = MethodHandleProxies.asInterfaceInstance(Runnable.class, MethodHandles.insertArguments(
                MethodHandles.publicLookup().findStatic(SandboxBridge.class, "check", MethodType.methodType(
                        void.class, String.class, String.class, String.class)), 0, "file", "/jdk-only", "read"));
        Thread thread = new Thread(jdkRunnable);
        thread.start();
        thread.join();

        assertSame(Object.class, decider.last().caller());
    }

    @Test
    void secondInstallIsDenied() {
        SandboxDeniedException thrown = assertThrows(SandboxDeniedException.class,
                () -> SandboxBridge.install((caller, type, name, actions) -> { }));

        assertEquals("denied: permission [runtime installSandboxDecider], rule [a decider is already installed]",
                thrown.getMessage());
    }

    @Test
    void withoutDeciderEverythingIsAllowed() throws Exception {
        // a fresh copy of the bridge classes, so the decider installed for the other tests is not there
        ClassLoader fresh = new FreshBridgeLoader();
        Class<?> bridge = fresh.loadClass(SandboxBridge.class.getName());
        Method check = bridge.getMethod("check", String.class, String.class, String.class);

        check.invoke(null, "runtime", "exitVM", "");

        assertFalse(decider.requests.stream().anyMatch(r -> r.name().equals("exitVM")));
    }

    @Test
    void lookAlikeBridgeClassInAnExtensionLoaderIsNotTransparent() throws Exception {
        // ExtensionCode sits in the bridge's package but in another loader: it must be the caller
        Method check = extensionClass().getMethod("checkDirectly");

        assertThrows(InvocationTargetException.class, () -> check.invoke(null));

        assertEquals(ExtensionCode.class.getName(), decider.last().caller().getName());
    }

    private static Class<?> extensionClass() throws ClassNotFoundException {
        return new ExtensionLoader(ExtensionCode.class.getName()).loadClass(ExtensionCode.class.getName());
    }

    /** Child-first for the bridge's classes only. */
    private static final class FreshBridgeLoader extends ClassLoader {
        FreshBridgeLoader() {
            super(SandboxBridgeTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.gatehouse.sandbox.bridge.") || name.endsWith("Test")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (java.io.IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
