package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.gatehouse.sandbox.bridge.internal.Enforcement;
import org.gatehouse.sandbox.bridge.internal.ReflectionEntries;
import org.gatehouse.sandbox.bridge.internal.ThreadEntries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every frame on the stack counts: trusted code cannot act for an extension below it (a
 * deputy), a thread keeps the context of the stack that started it, and only a declared
 * {@link Privileged} boundary (or a static initializer, or the framework's own call-outs) cuts
 * the stack short. Each case shows both sides.
 */
class WholeStackTest {
    private final RecordingDecider decider = RecordingDecider.INSTANCE;

    @BeforeEach
    void reset() {
        decider.reset();
    }

    @Test
    void trustedCodeActingForAnExtensionIsDecidedForTheExtension() throws Exception {
        Runnable deputy = () -> SandboxBridge.check("process", "/bin/sh", "execute");

        SandboxDeniedException denied = asExtension("run", deputy);

        assertTrue(denied.getMessage().contains("process /bin/sh execute"), denied.getMessage());
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
        decider.reset();
        deputy.run(); // the same trusted code with no extension below it
        assertTrue(decider.requests.isEmpty(), decider.requests.toString());
    }

    @Test
    void whatTheDeciderAllowsAsFoundIsAllowedWithoutTheExactWalkOrACheck() throws Exception {
        Runnable deputy = () -> SandboxBridge.check("file", "/srv/data", "read");
        decider.allowsExtension = true;

        extensionMethod("run", Runnable.class).invoke(null, deputy);

        assertEquals(1, decider.asked.size(), decider.asked.toString());
        assertTrue(decider.asked.get(0).caller().getClassLoader() instanceof ExtensionLoader);
        assertTrue(decider.requests.isEmpty(), "an allowed request is not checked again: " + decider.requests);

        // the other side: what the decider does not allow as found is decided (and denied) by check
        decider.allowsExtension = false;
        asExtension("run", deputy);
        assertEquals("/srv/data", decider.last().name());
    }

    @Test
    void aPrivilegedBoundaryOfTrustedCodeCutsTheExtensionBelowOff() throws Exception {
        Runnable vouched = () -> Privileged.run(() -> SandboxBridge.check("process", "/bin/sh", "execute"));

        extensionMethod("run", Runnable.class).invoke(null, vouched);

        assertTrue(decider.requests.isEmpty(), "the extension below the boundary is not asked: " + decider.requests);
    }

    @Test
    void anExtensionThatCallsPrivilegedItselfIsStillDecidedAsItself() throws Exception {
        InvocationTargetException viaOwnLambda = assertThrows(InvocationTargetException.class,
                () -> extensionMethod("privilegedCheck").invoke(null));
        assertInstanceOf(SandboxDeniedException.class, viaOwnLambda.getCause());

        Runnable trusted = () -> SandboxBridge.check("runtime", "exitVM", "");
        SandboxDeniedException vouchedByTheExtension = asExtension("privilegedRun", trusted);
        assertTrue(vouchedByTheExtension.getMessage().contains("exitVM"), vouchedByTheExtension.getMessage());
    }

    @Test
    void anExtensionActionInsideATrustedBoundaryIsStillTheExtensions() throws Exception {
        @SuppressWarnings("unchecked")
        Consumer<String> reference = (Consumer<String>) extensionMethod("runtimeCheckReference").invoke(null);

        assertThrows(SandboxDeniedException.class, () -> Privileged.run(() -> reference.accept("exitVM")));
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
    }

    @Test
    void aThreadStartedByAnExtensionKeepsItsContextForTrustedCodeItRuns() throws Exception {
        AtomicReference<Throwable> plain = new AtomicReference<>();
        AtomicReference<Throwable> vouched = new AtomicReference<>();
        Runnable trusted = () -> outcome(plain, () -> SandboxBridge.check("runtime", "exitVM", ""));
        Runnable privileged = () -> outcome(vouched, () -> Privileged.run(() -> SandboxBridge.check("runtime", "exitVM", "")));

        extensionMethod("startAndJoin", Runnable.class).invoke(null, trusted);
        extensionMethod("startAndJoin", Runnable.class).invoke(null, privileged);

        assertInstanceOf(SandboxDeniedException.class, plain.get(), "trusted code on the extension's thread");
        assertEquals(null, vouched.get(), "a boundary also cuts the thread's inherited context");
    }

    @Test
    void aThreadTrustedCodeStartsForAnExtensionInheritsTheExtension() throws Exception {
        AtomicReference<Throwable> onTheThread = new AtomicReference<>();
        Thread started = new Thread(() -> outcome(onTheThread, () -> SandboxBridge.check("runtime", "exitVM", "")));
        Runnable deputy = () -> {
            ThreadEntries.start(started);
            started.start();
        };

        extensionMethod("run", Runnable.class).invoke(null, deputy);
        started.join(10_000);

        assertInstanceOf(SandboxDeniedException.class, onTheThread.get());
    }

    @Test
    void aTrustedStaticInitializerRunsForItselfWhoeverTriggersIt() throws Exception {
        extensionMethod("initialize", String.class).invoke(null, PlatformInitializer.class.getName());

        assertTrue(PlatformInitializer.INITIALIZED);
        assertTrue(decider.requests.isEmpty(), decider.requests.toString());
    }

    @Test
    void anExtensionsOwnStaticInitializerIsNoBoundary() throws Exception {
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> extensionMethod("initializeOwn").invoke(null));

        assertInstanceOf(ExceptionInInitializerError.class, thrown.getCause());
        assertInstanceOf(SandboxDeniedException.class, thrown.getCause().getCause());
    }

    @Test
    void theSandboxStateIsSealedEvenFromTrustedCodeAndTheDenialIsReported() {
        SandboxDeniedException denied = assertThrows(SandboxDeniedException.class,
                () -> ReflectionEntries.suppressAccessChecks(WholeStackTest.class, Enforcement.class));

        assertTrue(denied.getMessage().contains("rule [sandbox state is sealed]"), denied.getMessage());
        assertEquals("suppressAccessChecks:" + Enforcement.class.getName(), decider.refusedByTheBridge.get(0).name());
        // another trusted class of the test is not sealed: trusted code may reflect on it
        ReflectionEntries.suppressAccessChecks(WholeStackTest.class, ExtensionLoader.class);
    }

    @Test
    void theDecidersOwnPackageIsSealedButTheDeciderMayReflectOnItself() throws Exception {
        Class<?> extension = new ExtensionLoader(ExtensionCode.class.getName()).loadClass(ExtensionCode.class.getName());
        assertThrows(SandboxDeniedException.class,
                () -> ReflectionEntries.privateLookup(RecordingDecider.class, java.lang.invoke.MethodHandles.lookup().in(extension)));

        ReflectionEntries.privateLookup(RecordingDecider.class, java.lang.invoke.MethodHandles.lookup());
    }

    private static void outcome(AtomicReference<Throwable> result, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            result.set(e);
        }
    }

    private static SandboxDeniedException asExtension(String method, Runnable trusted) throws Exception {
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> extensionMethod(method, Runnable.class).invoke(null, trusted));
        return assertInstanceOf(SandboxDeniedException.class, thrown.getCause());
    }

    private static java.lang.reflect.Method extensionMethod(String name, Class<?>... parameters) throws Exception {
        return new ExtensionLoader(ExtensionCode.class.getName()).loadClass(ExtensionCode.class.getName()).getMethod(name, parameters);
    }
}
