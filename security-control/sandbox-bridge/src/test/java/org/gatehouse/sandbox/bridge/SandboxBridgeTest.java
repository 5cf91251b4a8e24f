package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.beans.EventHandler;
import java.beans.Statement;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxBridgeTest {
    private final RecordingDecider decider = RecordingDecider.INSTANCE;

    @BeforeEach
    void reset() {
        decider.reset();
    }

    @Test
    void trustedCodeAloneIsAllowedWithoutAskingAboutIt() {
        SandboxBridge.check("file", "/tmp/x", "read");

        assertTrue(decider.requests.isEmpty(), decider.requests.toString());
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
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
        decider.reset();
        check.invoke(null, "runtime", "exitVM", "");

        assertTrue(decider.requests.isEmpty(), "only trusted code asked: " + decider.requests);
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
    void checksMadeWhileDecidingAreNotCheckedAgain() throws Exception {
        decider.duringCheck = () -> SandboxBridge.check("file", "/policy/inner.xml", "read");
        Method check = extensionClass().getMethod("checkDirectly");

        assertThrows(InvocationTargetException.class, () -> check.invoke(null));

        assertEquals(1, decider.requests.size(), decider.requests.toString());
        assertEquals("exitVM", decider.last().name());
    }

    @Test
    void jdkOnlyStackOnAThreadTheExtensionStartedIsTheExtension() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> failure.set(e));
        try {
            extensionClass().getMethod("startAndJoin", Runnable.class).invoke(null, jdkOnlyCheck("exitVM"));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(null);
        }

        assertTrue(failure.get() instanceof SandboxDeniedException, String.valueOf(failure.get()));
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
        assertEquals("exitVM", decider.last().name());
    }

    @Test
    void jdkOnlyStackOnAnUnrecordedThreadIsAllowedWithoutAsking() throws Exception {
        Thread thread = new Thread(jdkOnlyCheck("createClassLoader"));
        thread.start();
        thread.join();

        assertTrue(decider.requests.isEmpty(), decider.requests.toString());
    }

    @Test
    void reflectionAccessorsGeneratedByTheJdkAreLookedThrough() throws Exception {
        Method check = SandboxBridge.class.getMethod("check", String.class, String.class, String.class);
        // JDK 17 generates a bytecode accessor in its own class loader after 15 reflective calls:
        // were it not transparent, the decider would be asked about it (neither trusted nor JDK)
        for (int i = 0; i < 20; i++) {
            check.invoke(null, "runtime", "exitVM", "");
        }

        assertTrue(decider.requests.isEmpty(), decider.requests.toString());
    }

    /**
     * A Runnable with nothing but JDK frames: a boot-loader proxy whose handler is java.beans'
     * EventHandler, running a java.beans Statement that calls the bridge.
     */
    private static Runnable jdkOnlyCheck(String runtimeName) {
        Statement statement = new Statement(SandboxBridge.class, "check", new Object[] {"runtime", runtimeName, ""});
        return (Runnable) Proxy.newProxyInstance(null, new Class<?>[] {Runnable.class},
                new EventHandler(statement, "execute", null, null));
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
