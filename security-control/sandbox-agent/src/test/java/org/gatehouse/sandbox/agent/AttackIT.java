package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the sandbox by an extension with no grant (see {@link AttackActions}). Every test
 * states what the documented rules require: denied (each route was found by attacking the
 * sandbox, and now holds), and, where a policy may grant it, allowed once granted.
 */
class AttackIT extends BehaviourMatrix {
    @TempDir
    Path folder;

    @Override
    Class<?> actions() {
        return AttackActions.class;
    }

    private static String secretProperty(String value) {
        String key = "gatehouse.test.attack." + System.nanoTime();
        System.setProperty(key, value);
        return key;
    }

    // ---- the agent's export of jdk.internal.misc ----

    /**
     * The agent exports {@code jdk.internal.misc} to the bridge's module so the bridge can ask
     * whether a class is initialized; the extension reaches it neither directly nor through a
     * lookup moved into a bridge class. (The bridge's own use is {@code InitializationStateTest}.)
     */
    @Test
    void theInternalPackageExportedToTheBridgeStaysOutOfReach() throws Exception {
        assertEquals("refused, refused", extension.run("internalUnsafeThroughTheBridgesExport"));
    }

    // ---- reads ----

    @Test
    void fontGetFontReadsAPropertyForTheExtension() throws Exception {
        String key = secretProperty("s3cret");
        try {
            // JDK 17's Font.getFont swallows the SecurityException and answers null; later JDKs throw it
            Object font;
            try {
                font = extension.run("propertyThroughFont", key);
            } catch (SandboxDeniedException denied) {
                font = null;
            }
            assertEquals(null, font, "the extension got a font named by the secret");
            assertTrue(DECIDER.extensionRequests().contains("property " + key + " read"), DECIDER.extensionRequests().toString());
            assertEquals("s3cret", granted("property", key + " read", () -> extension.run("propertyThroughFont", key)));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void colorGetColorReadsAPropertyForTheExtension() throws Exception {
        String key = secretProperty("4242");
        try {
            assertDeniedShowing("property " + key + " read", () -> extension.run("propertyThroughColor", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void runtimeMXBeanCopiesEveryProperty() throws Exception {
        String key = secretProperty("s3cret");
        try {
            assertDeniedShowing("runtime management", () -> extension.run("propertyThroughRuntimeMXBean", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void runtimeMXBeanIsManagement() throws Exception {
        assertDeniedShowing("runtime management", () -> extension.run("inputArgumentsThroughRuntimeMXBean"));
    }

    @Test
    void modelMBeanReadsAPropertyForTheExtension() throws Exception {
        String key = secretProperty("s3cret");
        try {
            assertDeniedShowing("property " + key + " read", () -> extension.run("propertyThroughModelMBean", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void modelMBeanReadsTheEnvironmentForTheExtension() throws Exception {
        assertDeniedShowing("env PATH read", () -> extension.run("environmentThroughModelMBean", "PATH"));
    }

    // ---- class space ----

    @Test
    void modelMBeanHandsOutAPlatformClassLoader() throws Exception {
        assertDeniedShowing("runtime getClassLoader", () -> extension.run("loaderThroughModelMBean", new DeputiesAndClassSpaceIT.TrustedValue()));
    }

    @Test
    void modelMBeanHandsOutTheSystemClassLoader() throws Exception {
        assertDeniedShowing("runtime getClassLoader", () -> extension.run("systemLoaderThroughModelMBean"));
    }

    @Test
    void modelMBeanCallsAMethodOfAForeignClass() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("reflect classSpace:", () -> extension.run("foreignMethodThroughModelMBean", foreign));
    }

    @Test
    void introspectorListsTheMethodsOfAForeignClass() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("reflect classSpace:", () -> extension.run("methodsThroughIntrospector", foreign));
    }

    @Test
    void javaBeansExpressionCallsAMethodOfAForeignClass() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        // java.beans' method finder swallows the denial and reports the method missing: never called
        Throwable thrown = assertThrows(Throwable.class, () -> extension.run("foreignMethodThroughExpression", foreign));
        assertTrue(thrown instanceof SandboxDeniedException || thrown instanceof NoSuchMethodException, thrown.toString());
        assertTrue(DECIDER.extensionRequests().stream().anyMatch(r -> r.startsWith("reflect classSpace:")),
                DECIDER.extensionRequests().toString());
        assertEquals("platform", granted("reflect", "classSpace:", () -> extension.run("foreignMethodThroughExpression", foreign)));
    }

    @Test
    void aLookupMovedIntoAForeignClassLoadsFromItsLoader() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("reflect classSpace:", () -> extension.run("classThroughForeignLookup", foreign, ForeignClassSpace.ForeignValue.class.getName()));
    }

    // ---- logging ----

    @Test
    void modelMBeanSilencesTheAudit() throws Exception {
        Logger audit = Logger.getLogger("org.gatehouse.audit");
        Level before = audit.getLevel();
        try {
            assertDeniedShowing("runtime loggingControl", () -> extension.run("silenceAuditThroughModelMBean"));
            assertEquals(before, audit.getLevel());
        } finally {
            audit.setLevel(before);
        }
    }

    @Test
    void loggingMXBeanSilencesTheAudit() throws Exception {
        Logger audit = Logger.getLogger("org.gatehouse.audit");
        Level before = audit.getLevel();
        try {
            assertDeniedShowing("runtime loggingControl", () -> extension.run("silenceAuditThroughLoggingMXBean"));
            assertEquals(before, audit.getLevel());
        } finally {
            audit.setLevel(before);
        }
    }

    // ---- process, files, sealed state ----

    @Test
    void modelMBeanStartsAProcessWithTheExtensionBelow() throws Exception {
        Path marker = folder.resolve("model-mbean");
        assertDeniedShowing("process /bin/sh execute", () -> extension.run("processThroughModelMBean", marker.toString()));
        assertFalse(Files.exists(marker));
    }

    @Test
    void modelMBeanSetterStartsAProcessWithTheExtensionBelow() throws Exception {
        Path marker = folder.resolve("setter");
        assertDeniedShowing("process touch execute", () -> extension.run("setterRunsAProcess", marker.toString()));
        assertFalse(Files.exists(marker));
    }

    @Test
    void modelMBeanCannotOpenTheBridgeState() throws Exception {
        Throwable thrown = assertThrows(Throwable.class, () -> extension.run("openBridgeStateThroughModelMBean"));
        while (thrown != null && !(thrown instanceof SandboxDeniedException)) {
            thrown = thrown.getCause();
        }
        assertTrue(thrown != null && thrown.getMessage().contains("rule [sandbox state is sealed]"), String.valueOf(thrown));
        assertEquals(java.util.List.of("reflect suppressAccessChecks:org.gatehouse.sandbox.bridge.internal.Enforcement sandbox state is sealed"),
                DECIDER.refusedByTheBridge());
    }

    @Test
    void theJdkOnlyPrincipalCalledByTheExtensionIsDenied() throws Exception {
        Path marker = folder.resolve("principal-self");
        // making the JDK-only invoker takes management and deferred invocation; with both, the process is still its own
        try (AutoCloseable management = DECIDER.grant("runtime", "management");
             AutoCloseable deferred = DECIDER.grant("runtime", "deferredInvocation")) {
            assertDeniedShowing("process /bin/sh execute", () -> extension.run("principalCalledByTheExtension", marker.toString()));
        }
        assertFalse(Files.exists(marker));
    }

    /**
     * The platform later asks an object the extension handed it for its name, on a platform
     * worker: a Principal made of JDK classes only (Proxy, MBeanServerInvocationHandler, a
     * private MBeanServer, RequiredModelMBean) would run the extension's command with no extension
     * frame on the stack. Making one is refused unless the policy grants both permissions.
     */
    @Test
    void aJdkOnlyObjectHandedToThePlatformRunsTheExtensionsProcess() throws Exception {
        Path marker = folder.resolve("principal-platform");
        // the JDK-only invoker cannot be made: an MBean server is runtime management, a proxy of
        // MBean operations runtime deferredInvocation (a restriction in the vendor policy)
        assertDeniedShowing("runtime management", () -> extension.run("principalThatRunsAProcess", marker.toString()));
        try (AutoCloseable management = DECIDER.grant("runtime", "management")) {
            assertDeniedShowing("runtime deferredInvocation", () -> extension.run("principalThatRunsAProcess", marker.toString()));
        }
        assertFalse(Files.exists(marker));
        // the other side, for an extension granted both: the object runs what it was made for on any thread
        java.security.Principal principal;
        try (AutoCloseable management = DECIDER.grant("runtime", "management");
             AutoCloseable deferred = DECIDER.grant("runtime", "deferredInvocation")) {
            principal = (java.security.Principal) extension.run("principalThatRunsAProcess", marker.toString());
        }
        ExecutorService platformWorker = Executors.newSingleThreadExecutor();
        try {
            Throwable outcome = platformWorker.submit(() -> {
                try {
                    return (Throwable) new IllegalStateException("getName returned " + principal.getName());
                } catch (Throwable t) {
                    return t;
                }
            }).get();
            for (int i = 0; i < 50 && !Files.exists(marker); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(marker), "what a granted extension built runs (" + outcome + ")");
        } finally {
            platformWorker.shutdownNow();
        }
    }

    @Test
    void theExtensionsLambdaOnTheCommonPoolIsStillTheExtensions() throws Exception {
        // the platform used the common pool first: its workers carry no extension context
        java.util.concurrent.CompletableFuture.runAsync(() -> { }).get();
        Path marker = folder.resolve("common-pool");
        // a worker may have to be started for the submission (17): that is granted, the process is not
        try (AutoCloseable workers = DECIDER.grant("runtime", "createThread")) {
            assertDeniedShowing("process /bin/sh execute", () -> extension.run("processOnCommonPool", marker.toString()));
        }
        assertFalse(Files.exists(marker));
    }

    @Test
    void aBoundMethodHandleIsStillTheExtensions() throws Exception {
        Path marker = folder.resolve("method-handle");
        assertDeniedShowing("process /bin/sh execute", () -> extension.run("processThroughMethodHandle", marker.toString()));
        assertFalse(Files.exists(marker));
    }

    @Test
    void etcPasswdIsDenied() throws Exception {
        assertDeniedShowing("file /etc/passwd read", () -> extension.run("readPasswd"));
    }

    @Test
    void anExtensionInitializerRunByAPlatformThreadIsStillTheExtensions() throws Exception {
        Path target = Path.of(AttackActions.WritesWhenInitialized.TARGET);
        Files.deleteIfExists(target);
        Throwable[] failure = new Throwable[1];
        Thread platform = new Thread(() -> {
            try {
                Class.forName(AttackActions.WritesWhenInitialized.class.getName(), true, extension.actionsLoader());
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        platform.start();
        platform.join();
        assertFalse(Files.exists(target), "the extension's initializer wrote a file");
        assertNotEquals(null, failure[0]);
    }

    /** Like assertDenied, but a finding's failure shows what the action returned. */
    private static void assertDeniedShowing(String request, BehaviourMatrix.ThrowingSupplier action) {
        Object[] returned = new Object[1];
        boolean[] completed = new boolean[1];
        try {
            assertDenied(request, () -> {
                returned[0] = action.get();
                completed[0] = true;
            });
        } catch (AssertionError e) {
            if (completed[0]) {
                throw new AssertionError("SUCCEEDED without a grant, returned [" + returned[0] + "]; expected denial of " + request, e);
            }
            throw e;
        }
    }
}
