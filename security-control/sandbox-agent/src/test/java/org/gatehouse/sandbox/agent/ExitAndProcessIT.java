package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exit and halt through every route (always with the decider denying: a granted exit would end
 * the test JVM, and a failing denial shows up as a crashed fork), process start and native code.
 */
class ExitAndProcessIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return ExitAndProcessActions.class;
    }

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"systemExit", "runtimeExit", "runtimeHalt", "exitByMethodReference", "exitByReflection",
        "exitByMethodHandle", "exitByMethodHandleProxy", "exitByJdkDeputy"})
    void everyExitRouteIsDeniedAndTheVmLives(String route) throws Exception {
        // a method handle proxy is a deferred invoker, itself denied; granted here to reach the exit behind it
        try (AutoCloseable proxies = DECIDER.grant("runtime", "deferredInvocation")) {
            assertDenied("runtime exitVM", () -> extension.run(route, 3));
        }
        assertTrue(Thread.currentThread().isAlive());
    }

    @Test
    void aDeferredInvokerIsDeniedBeforeItExists() {
        assertDenied("runtime deferredInvocation", () -> extension.run("exitByMethodHandleProxy", 3));
        assertDenied("runtime deferredInvocation", () -> extension.run("exitOnThreadRunningJdkRunnable", 3));
    }

    @Test
    void methodReferenceIsAttributedToTheExtensionsHiddenClass() {
        assertDenied("runtime exitVM", () -> extension.run("exitByMethodReference", 3));
    }

    @Test
    void reflectiveExitStaysDeniedAfterTheJdkGeneratesAnAccessor() {
        // JDK 17 switches Method.invoke to a generated accessor class after 15 calls
        for (int i = 0; i < 20; i++) {
            assertDenied("runtime exitVM", () -> extension.run("exitByReflection", 3));
        }
    }

    @Test
    void jdkRunnableOnAThreadTheExtensionStartedIsTheExtension() throws Exception {
        // the EventHandler is granted so that the thread's own attribution is what denies the exit
        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread");
                AutoCloseable proxies = DECIDER.grant("runtime", "deferredInvocation")) {
            Object death = extension.run("exitOnThreadRunningJdkRunnable", 3);
            assertInstanceOf(SandboxDeniedException.class, death);
            assertTrue(((Throwable) death).getMessage().contains("permission [runtime exitVM"), String.valueOf(death));
        }
    }

    @Test
    void processStartIsDeniedAndNothingRuns() throws Exception {
        Path marker = folder.resolve("started");

        assertDenied("process touch execute", () -> extension.run("startProcess", marker.toString()));
        assertDenied("process touch execute", () -> extension.run("runtimeExec", marker.toString()));

        assertFalse(Files.exists(marker));
    }

    @Test
    void processStartRunsWhenGranted() throws Exception {
        Path marker = folder.resolve("granted");

        assertEquals(0, granted("process", "touch", () -> extension.run("startProcess", marker.toString())));

        assertTrue(Files.exists(marker));
    }

    @Test
    void processStartFromTrustedCodeRuns() throws Exception {
        Path marker = folder.resolve("trusted");

        assertEquals(0, trusted.run("runtimeExec", marker.toString()));

        assertTrue(Files.exists(marker));
        assertNoExtensionRequest();
    }

    @Test
    void nativeLibrariesAreDeniedAndPassWhenGranted() throws Exception {
        assertDenied("native gatehouse_none load", () -> extension.run("loadLibrary", "gatehouse_none"));
        assertDenied("native /nonexistent/libx.so load", () -> extension.run("loadFile", "/nonexistent/libx.so"));

        // granted (with reads of the library folders it searches), the JDK's own failure shows the call went through
        try (AutoCloseable searchPath = DECIDER.grant("file", "/")) {
            assertThrows(UnsatisfiedLinkError.class,
                    () -> granted("native", "gatehouse_none", () -> extension.run("loadLibrary", "gatehouse_none")));
        }
        assertThrows(UnsatisfiedLinkError.class, () -> trusted.run("loadFile", "/nonexistent/libx.so"));
    }

    @Test
    void foreignFunctionLinkerIsDeniedAndPassesWhenGranted() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "the foreign function API is final from 22");

        assertDenied("native ffm link", () -> extension.run("nativeLinker"));

        assertTrue(granted("native", "ffm", () -> extension.run("nativeLinker")) != null);
        assertTrue(trusted.run("nativeLinker") != null);
    }

    @Test
    void theIncubatingForeignApiOf17IsDeniedAndPassesWhenGranted() throws Exception {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent(),
                "jdk.incubator.foreign is resolved on 17 with --add-modules (the failsafe run on 17 adds it)");

        assertDenied("native ffm link", () -> extension.run("incubatorLinker"));
        assertDenied("native ffm link", () -> extension.run("incubatorLoaderLookup"));

        assertTrue(granted("native", "ffm", () -> extension.run("incubatorLinker")) != null);
        assertTrue(granted("native", "ffm", () -> extension.run("incubatorLoaderLookup")) != null);
        assertTrue(trusted.run("incubatorLinker") != null);
    }
}
