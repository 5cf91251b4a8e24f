package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintStream;
import java.security.Provider;
import java.security.Security;
import javax.naming.NamingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JVM-global setters, shutdown hooks, the serialization filter, JNDI and attach: denied to the
 * extension with no change to the JVM's state; allowed when granted (where a granted change
 * can be undone).
 */
class GlobalSettersIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return GlobalSetterActions.class;
    }

    @ParameterizedTest
    @CsvSource({
        "setUrlStreamHandlerFactory, runtime setFactory",
        "setDefaultHostnameVerifier, runtime setFactory",
        "setDefaultSslContext, runtime setDefaultSSLContext",
        "addShutdownHook, runtime shutdownHooks",
        "setSerialFilter, runtime setSerialFilter",
        "setProperties, property * write",
        "setSecurityManager, runtime setSecurityManager"})
    void globalSetterIsDenied(String action, String request) {
        assertDenied(request, () -> extension.run(action));
    }

    @Test
    void thePreferenceTreesAreDeniedAndReachedWhenGranted() throws Exception {
        assertDenied("runtime preferences", () -> extension.run("userPreferences"));
        assertDenied("runtime preferences", () -> extension.run("systemPreferences"));

        // the JDK sets the user tree up in the account's home on the caller's stack: that takes its folder too
        try (AutoCloseable prefsFolder = DECIDER.grant("file", System.getProperty("user.home") + "/.java")) {
            assertEquals("/", granted("runtime", "preferences", () -> extension.run("userPreferences")));
        }
    }

    @Test
    void replacingSystemOutIsDeniedAndItStays() throws Exception {
        PrintStream before = System.out;

        assertDenied("runtime setIO", () -> extension.run("setOut"));
        assertSame(before, System.out);

        try {
            granted("runtime", "setIO", () -> extension.run("setOut"));
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void writingASystemPropertyIsDeniedAndNothingChanges() throws Exception {
        String key = "gatehouse.test." + System.nanoTime();

        assertDenied("property " + key + " write", () -> extension.run("setProperty", key));
        assertNull(System.getProperty(key));

        granted("property", key, () -> extension.run("setProperty", key));
        assertEquals("set by extension", System.getProperty(key));
        assertDenied("property " + key + " write", () -> extension.run("clearProperty", key));
        granted("property", key, () -> extension.run("clearProperty", key));
        assertNull(System.getProperty(key));
    }

    @Test
    void addingASecurityProviderIsDenied() throws Exception {
        Provider[] before = Security.getProviders();

        assertDenied("runtime setSecurityProvider", () -> extension.run("addSecurityProvider"));

        assertEquals(before.length, Security.getProviders().length);
        // granted: adding an installed provider again is a no-op that returns -1
        granted("runtime", "setSecurityProvider", () -> extension.run("addSecurityProvider"));
    }

    @Test
    void jndiLookupIsDeniedAndReachesNamingWhenGranted() throws Exception {
        String name = "ldap://127.0.0.1:1/cn=nobody";

        assertDenied("runtime jndiLookup", () -> extension.run("jndiLookup", name));

        // granted: the lookup runs and fails for want of a server, not of a permission
        try (AutoCloseable sockets = DECIDER.grant("socket", "")) {
            assertThrows(NamingException.class, () -> granted("runtime", "jndiLookup", () -> extension.run("jndiLookup", name)));
        }
    }

    @Test
    void attachIsDeniedAndReachesTheAttachMechanismWhenGranted() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());

        assertDenied("runtime attach", () -> extension.run("attach", self));

        // granted: the attach API itself refuses self-attach (jdk.attach.allowAttachSelf is not set)
        try (AutoCloseable files = DECIDER.grant("file", "/"); AutoCloseable sockets = DECIDER.grant("socket", "")) {
            assertThrows(java.io.IOException.class, () -> granted("runtime", "attach", () -> extension.run("attach", self)));
        }
    }
}
