package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes that stay once every direct call is checked: a trusted class acting for the
 * extension, class loaders and reflection outside its class space, property and environment
 * reads, logging control, JNDI below InitialContext, and the sandbox's own state. Each is denied
 * with no effect, allowed when granted (where a policy may grant it), and free for trusted code.
 */
class DeputiesAndClassSpaceIT extends BehaviourMatrix {
    @TempDir
    Path folder;

    @Override
    Class<?> actions() {
        return DeputyActions.class;
    }

    @Test
    void aTrustedHelperCannotRunAProcessForTheExtension() throws Exception {
        Path marker = folder.resolve("deputy-ran");

        assertDenied("process /bin/sh execute", () -> extension.run("processThroughHelper", marker.toString()));
        assertFalse(Files.exists(marker));

        // the JDK starts the process reaper thread for whoever starts the first process
        try (AutoCloseable reaper = DECIDER.grant("runtime", "createThread")) {
            assertEquals(0, granted("process", "/bin/sh", () -> extension.run("processThroughHelper", marker.toString())));
        }
        assertTrue(Files.exists(marker));
    }

    @Test
    void theLoaderOfATrustedClassIsOutOfReach() throws Exception {
        Object trustedObject = new java.util.concurrent.atomic.AtomicReference<>(HostSecrets.class);
        Object platformObject = HostSecrets.leakLookup();

        assertDenied("runtime getClassLoader", () -> extension.run("loaderOfTrustedClass", new TrustedValue()));
        assertDenied("runtime getClassLoader", () -> extension.run("systemClassLoader"));
        assertSame(extension.actionsLoader(), extension.run("ownLoader"));
        // the JDK's own classes come from the boot loader: null, nothing to deny
        assertEquals(null, extension.run("loaderOfTrustedClass", trustedObject));
        assertNotNull(platformObject);

        assertSame(TrustedValue.class.getClassLoader(),
                granted("runtime", "getClassLoader", () -> extension.run("loaderOfTrustedClass", new TrustedValue())));
        assertSame(TrustedValue.class.getClassLoader(), trusted.run("loaderOfTrustedClass", new TrustedValue()));
    }

    @Test
    void reflectionOnAClassOutsideTheExtensionsClassSpaceIsDenied() throws Exception {
        Object foreign = ForeignClassSpace.newInstance();

        assertDenied("reflect classSpace:" + foreign.getClass().getName(), () -> extension.run("methodsOf", foreign));

        assertTrue((int) granted("reflect", "classSpace:", () -> extension.run("methodsOf", foreign)) > 0);
        assertTrue((int) trusted.run("methodsOf", foreign) > 0);
        // a class its own loader resolves is its to reflect on
        DECIDER.forgetRequests();
        assertTrue((int) extension.run("methodsOf", new TrustedValue()) > 0);
        assertNoExtensionRequest();
    }

    @Test
    void propertyReadsAreCheckedAndTheJdkPassThroughReadersReadForTheExtension() throws Exception {
        String key = "gatehouse.test.secret." + System.nanoTime();
        System.setProperty(key, "42");
        try {
            assertDenied("property " + key + " read", () -> extension.run("property", key));
            assertDenied("property " + key + " read", () -> extension.run("integerProperty", key));

            assertEquals("42", granted("property", key + " read", () -> extension.run("property", key)));
            assertEquals(42, granted("property", key + " read", () -> extension.run("integerProperty", key)));
            assertEquals("42", trusted.run("property", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void aJdkInvokerOrInflatedReflectionReadsForTheExtensionNotForItself() throws Exception {
        String key = "gatehouse.test.invoked." + System.nanoTime();
        System.setProperty(key, "7");
        try {
            assertDenied("property " + key + " read", () -> extension.run("propertyThroughJavaBeans", key));
            assertDenied("runtime getClassLoader", () -> extension.run("loaderThroughJavaBeans", new TrustedValue()));
            // the JDK inflates a reflective call after 15 invocations: every one of them is denied
            for (int i = 0; i < 40; i++) {
                DECIDER.forgetRequests();
                assertDenied("property " + key + " read", () -> extension.run("propertyByReflection", key, 1));
            }

            assertEquals("7", granted("property", key + " read", () -> extension.run("propertyThroughJavaBeans", key)));
            assertEquals("7", granted("property", key + " read", () -> extension.run("propertyByReflection", key, 40)));
            assertSame(TrustedValue.class.getClassLoader(), granted("runtime", "getClassLoader",
                    () -> extension.run("loaderThroughJavaBeans", new TrustedValue())));
            assertEquals("7", trusted.run("propertyThroughJavaBeans", key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void aJdkClassInitializingItselfForTheExtensionReadsForItself() throws Exception {
        String properties = java.nio.file.Path.of(System.getProperty("java.home"), "lib", "currency.properties").toString();

        // Currency's static initializer looks for lib/currency.properties, with the extension below it
        assertEquals("EUR", extension.run("currencyFirstUse"));
        assertNoExtensionRequest();

        // the other side: the extension looking for that file itself is its own request
        assertDenied("file " + properties + " read", () -> extension.run("fileExists", properties));
        assertEquals(new java.io.File(properties).exists(), granted("file", properties + " read", () -> extension.run("fileExists", properties)));
    }

    @Test
    void theBulkRoutesAroundOneKeyAreCheckedToo() throws Exception {
        String key = "gatehouse.test.flag." + System.nanoTime();
        System.setProperty(key, "true");
        try {
            assertDenied("property * read", () -> extension.run("allProperties"));
            assertDenied("env * read", () -> extension.run("environmentThroughProcessBuilder"));
            assertDenied("property " + key + " read", () -> extension.run("booleanProperty", key));

            assertTrue((int) granted("property", "* read", () -> extension.run("allProperties")) > 0);
            assertTrue((int) granted("env", "* read", () -> extension.run("environmentThroughProcessBuilder")) > 0);
            assertEquals(true, granted("property", key + " read", () -> extension.run("booleanProperty", key)));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void environmentReadsAreChecked() throws Exception {
        assertDenied("env PATH read", () -> extension.run("environment", "PATH"));
        assertDenied("env * read", () -> extension.run("wholeEnvironment"));

        assertEquals(System.getenv("PATH"), granted("env", "PATH read", () -> extension.run("environment", "PATH")));
        assertTrue((int) trusted.run("wholeEnvironment") > 0);
    }

    @Test
    void loggingControlIsDeniedSoTheAuditCannotBeSilenced() throws Exception {
        Logger audit = Logger.getLogger("org.gatehouse.audit");
        Level before = audit.getLevel();
        try {
            assertDenied("runtime loggingControl", () -> extension.run("silenceAudit"));
            assertEquals(before, audit.getLevel());
            assertDenied("runtime loggingControl", () -> extension.run("resetLogging"));

            assertEquals("silenced", granted("runtime", "loggingControl", () -> extension.run("silenceAudit")));
            assertEquals(Level.OFF, audit.getLevel());
            // an anonymous logger is nobody else's
            DECIDER.forgetRequests();
            assertEquals("FINE", extension.run("ownAnonymousLogger"));
            assertNoExtensionRequest();
        } finally {
            audit.setLevel(before);
        }
    }

    @Test
    void jndiBelowInitialContextIsChecked() throws Exception {
        assertDenied("runtime jndiLookup", () -> extension.run("namingManagerContext"));

        // the DNS provider reads the resolver's configuration when its context is made
        try (AutoCloseable resolver = DECIDER.grant("file", "/etc/resolv.conf")) {
            assertEquals(true, granted("runtime", "jndiLookup", () -> extension.run("namingManagerContext")));
        }
    }

    @Test
    void theSandboxStateIsSealedWhateverIsGranted() throws Exception {
        String request = "reflect suppressAccessChecks:org.gatehouse.sandbox.bridge.internal.Enforcement";

        assertSealed(request, () -> extension.run("openBridgeState"));
        // neither a grant nor trusted code opens it
        assertSealed(request, () -> granted("reflect", "suppressAccessChecks:", () -> extension.run("openBridgeState")));
        assertSealed(request, () -> trusted.run("openBridgeState"));
    }

    /** Refused by the bridge itself, whatever the decider would say, and reported to it for the audit. */
    private static void assertSealed(String request, org.junit.jupiter.api.function.Executable action) {
        DECIDER.forgetRequests();
        org.gatehouse.sandbox.bridge.SandboxDeniedException denied =
                org.junit.jupiter.api.Assertions.assertThrows(org.gatehouse.sandbox.bridge.SandboxDeniedException.class, action);
        assertTrue(denied.getMessage().contains("permission [" + request) && denied.getMessage().contains("rule [sandbox state is sealed]"),
                denied.getMessage());
        assertEquals(java.util.List.of(request + " sandbox state is sealed"),
                DECIDER.refusedByTheBridge());
    }

    /** A trusted class the extension's loader also resolves (its parent is the test's loader). */
    public static final class TrustedValue {
        public int value() {
            return 1;
        }
    }
}
