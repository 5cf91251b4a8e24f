package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import java.security.Security;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changes of security providers' entries ({@code runtime setSecurityProvider}; docs/sandbox.md
 * "What the JDK checked"): an installed provider's entries are denied to the extension with
 * nothing changed and allowed when granted; providers being constructed fill their own entries,
 * whoever asked for them, and an extension's own provider is its own; an extension cannot borrow
 * a trusted constructor, or its own, to change an installed provider.
 */
class ProviderChangesIT extends BehaviourMatrix {
    private static final String KEY = ProviderActions.KEY;

    @Override
    Class<?> actions() {
        return ProviderActions.class;
    }

    @AfterEach
    void takeTheEntryBack() {
        Security.getProvider("SUN").remove(KEY);
    }

    @Test
    void anInstalledProvidersEntriesAreDeniedAndUnchanged() throws Exception {
        assertDenied("runtime setSecurityProvider", () -> extension.run("putIntoInstalled", "SUN"));
        assertDenied("runtime setSecurityProvider", () -> extension.run("mergeIntoInstalled", "SUN"));
        assertNull(Security.getProvider("SUN").get(KEY));
        int entries = Security.getProvider("SunRsaSign").size();
        assertDenied("runtime setSecurityProvider", () -> extension.run("clearInstalled", "SunRsaSign"));
        assertEquals(entries, Security.getProvider("SunRsaSign").size());

        granted("runtime", "setSecurityProvider", () -> extension.run("putIntoInstalled", "SUN"));
        assertEquals("changed", Security.getProvider("SUN").get(KEY));
        granted("runtime", "setSecurityProvider", () -> extension.run("removeFromInstalled", "SUN"));
        assertNull(Security.getProvider("SUN").get(KEY));

        DECIDER.forgetRequests();
        trusted.run("putIntoInstalled", "SUN");
        assertEquals("changed", Security.getProvider("SUN").get(KEY));
        assertNoExtensionRequest();
    }

    @Test
    void anExtensionsOwnProviderIsItsOwn() throws Exception {
        assertEquals("added after construction", extension.run("changeOwnProvider"));
        assertNoExtensionRequest();
    }

    @Test
    void aTrustedProvidersConstructorFillsItsEntriesButTheExtensionCannotChangeThemLater() throws Exception {
        Provider constructed = (Provider) extension.run("constructPlatformProvider");
        assertEquals("platform", constructed.get("Gatehouse.Description"));
        assertTrue(constructed.getService("MessageDigest", "GATEHOUSE-TEST-2") != null);
        assertNoExtensionRequest();

        assertDenied("runtime setSecurityProvider", () -> extension.run("changeProvider", constructed));
        assertNull(constructed.get(KEY));
        granted("runtime", "setSecurityProvider", () -> extension.run("changeProvider", constructed));
        assertEquals("changed", constructed.get(KEY));
    }

    @Test
    void theJdkConstructsItsProvidersOnTheExtensionsStack() throws Exception {
        int[] asTrusted = (int[]) trusted.run("constructJdkProviders");
        DECIDER.forgetRequests();
        int[] asExtension = (int[]) extension.run("constructJdkProviders");
        assertTrue(asExtension[0] >= 3 && asExtension[1] >= 3, () -> "the JDK's providers found and filled: " + asExtension[0]
                + ", " + asExtension[1]);
        assertArrayEquals(asTrusted, asExtension, "the extension sees the JDK's providers filled as trusted code does");
        assertFalse(DECIDER.extensionRequests().stream().anyMatch(r -> r.startsWith("runtime setSecurityProvider")),
                () -> "no provider change asked of the extension: " + DECIDER.extensionRequests());
    }

    @Test
    void aTrustedConstructorCallingBackCannotBeBorrowed() {
        assertDenied("runtime setSecurityProvider", () -> extension.run("borrowPlatformConstructor"));
        assertNull(Security.getProvider("SUN").get(KEY));
    }

    @Test
    void anExtensionsOwnConstructorCannotChangeAnotherProvider() {
        assertDenied("runtime setSecurityProvider", () -> extension.run("changeInstalledWhileConstructingOwn"));
        assertNull(Security.getProvider("SUN").get(KEY));
    }
}
