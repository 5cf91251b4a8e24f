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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the sandbox by an extension with no grant (see {@link AttackActions}). Every test
 * states what the documented rules require: denied. Tests that fail are findings, marked
 * {@code @Disabled("finding: ...")} so the branch builds.
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

    // ---- reads ----

    @Test
    @Disabled("finding: Font.getFont(key) returns any system property: JDK frame directly below System.getProperty counts as the JDK reading for itself")
    void fontGetFontReadsAPropertyForTheExtension() throws Exception {
        String key = secretProperty("s3cret");
        try {
            assertDeniedShowing("property " + key + " read", () -> extension.run("propertyThroughFont", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    @Disabled("finding: Color.getColor(key) reads any integer property through Integer.getInteger for the extension unchecked")
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
    @Disabled("finding: RequiredModelMBean.invoke(\"java.lang.System.getProperty\") reads any property: javax.management.modelmbean is not a known reflective invoker")
    void modelMBeanReadsAPropertyForTheExtension() throws Exception {
        String key = secretProperty("s3cret");
        try {
            assertDeniedShowing("property " + key + " read", () -> extension.run("propertyThroughModelMBean", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    @Disabled("finding: RequiredModelMBean invoking System.getenv(name) reads any environment variable (GATEHOUSE_* included)")
    void modelMBeanReadsTheEnvironmentForTheExtension() throws Exception {
        assertDeniedShowing("env PATH read", () -> extension.run("environmentThroughModelMBean", "PATH"));
    }

    // ---- class space ----

    @Test
    @Disabled("finding: RequiredModelMBean invoking Class.getClassLoader on a platform class hands out the platform loader")
    void modelMBeanHandsOutAPlatformClassLoader() throws Exception {
        assertDeniedShowing("runtime getClassLoader", () -> extension.run("loaderThroughModelMBean", new DeputiesAndClassSpaceIT.TrustedValue()));
    }

    @Test
    @Disabled("finding: RequiredModelMBean invoking ClassLoader.getSystemClassLoader hands out the application class loader")
    void modelMBeanHandsOutTheSystemClassLoader() throws Exception {
        assertDeniedShowing("runtime getClassLoader", () -> extension.run("systemLoaderThroughModelMBean"));
    }

    @Test
    @Disabled("finding: RequiredModelMBean looks up and calls public methods of a class outside the class space (its own getMethod)")
    void modelMBeanCallsAMethodOfAForeignClass() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("reflect classSpace:", () -> extension.run("foreignMethodThroughModelMBean", foreign));
    }

    @Test
    @Disabled("finding: Introspector.getBeanInfo(foreignClass) returns Method objects of a class outside the class space")
    void introspectorListsTheMethodsOfAForeignClass() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("reflect classSpace:", () -> extension.run("methodsThroughIntrospector", foreign));
    }

    @Test
    @Disabled("finding: java.beans Expression on a foreign object: MethodFinder getMethods in its own code is taken as the JDK asking")
    void javaBeansExpressionCallsAMethodOfAForeignClass() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("reflect classSpace:", () -> extension.run("foreignMethodThroughExpression", foreign));
    }

    @Test
    @Disabled("finding: MethodHandles.lookup().in(foreignClass).findClass(name) loads classes by name through a foreign loader, unhooked")
    void aLookupMovedIntoAForeignClassLoadsFromItsLoader() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();
        assertDeniedShowing("runtime getClassLoader", () -> extension.run("classThroughForeignLookup", foreign, ForeignClassSpace.ForeignValue.class.getName()));
    }

    // ---- logging ----

    @Test
    @Disabled("finding: RequiredModelMBean invoking Logger.setLevel(OFF) on the audit logger: the JDK is taken as the asker")
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
    @Disabled("finding: LogManager.getLoggingMXBean().setLoggerLevel(audit, OFF) is unhooked and java.util.logging.Logging is taken as the JDK asking")
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
        assertDeniedShowing("process /bin/sh execute", () -> extension.run("principalCalledByTheExtension", marker.toString()));
        assertFalse(Files.exists(marker));
    }

    /**
     * The platform later asks an object the extension handed it for its name, on a platform
     * worker: a Principal made of JDK classes only (Proxy, MBeanServerInvocationHandler, a
     * private MBeanServer, RequiredModelMBean) runs the extension's command. The README says JDK-only
     * tasks can be assembled only from EventHandler and MethodHandleProxies.
     */
    @Test
    @Disabled("finding: JDK-only deferred invoker (Proxy+MBeanServerInvocationHandler+RequiredModelMBean) runs the extension's process when platform code calls Principal.getName()")
    void aJdkOnlyObjectHandedToThePlatformRunsTheExtensionsProcess() throws Exception {
        Path marker = folder.resolve("principal-platform");
        java.security.Principal principal = (java.security.Principal) extension.run("principalThatRunsAProcess",
                marker.toString());
        ExecutorService platformWorker = Executors.newSingleThreadExecutor();
        try {
            Throwable outcome = platformWorker.submit(() -> {
                try {
                    return (Throwable) new IllegalStateException("getName returned " + principal.getName());
                } catch (Throwable t) {
                    return t;
                }
            }).get();
            Thread.sleep(500);
            assertFalse(Files.exists(marker), "the extension's process ran on the platform's worker (" + outcome + ")");
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
