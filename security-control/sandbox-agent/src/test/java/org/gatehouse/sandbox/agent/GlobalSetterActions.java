package org.gatehouse.sandbox.agent;

import java.io.PrintStream;
import java.net.URL;
import java.security.Security;
import java.util.Properties;
import java.util.prefs.Preferences;

/**
 * JVM-global setters, shutdown hooks, the serialization filter, JNDI and attach. One tiny
 * sensitive action per route of docs/threat-model.md "Escape routes"; the tests run each from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 */
public final class GlobalSetterActions {
    private GlobalSetterActions() {
    }


    /** The user preference tree's root: what the JDK would write to the account's home. */
    public static String userPreferences() {
        return Preferences.userRoot().absolutePath();
    }

    public static String systemPreferences() {
        return Preferences.systemRoot().absolutePath();
    }

    public static void setOut() {
        System.setOut(new PrintStream(System.out));
    }

    @SuppressWarnings("removal")
    public static void setSecurityManager() {
        System.setSecurityManager(null);
    }

    public static void setProperty(String key) {
        System.setProperty(key, "set by extension");
    }

    public static void clearProperty(String key) {
        System.clearProperty(key);
    }

    public static void setProperties() {
        // a copy of no property: reading them all is a request of its own
        System.setProperties(new Properties());
    }

    public static void addSecurityProvider() {
        Security.addProvider(Security.getProviders()[0]);
    }

    public static void setDefaultSslContext() throws Exception {
        javax.net.ssl.SSLContext.setDefault(javax.net.ssl.SSLContext.getDefault());
    }

    public static void setUrlStreamHandlerFactory() {
        URL.setURLStreamHandlerFactory(protocol -> null);
    }

    public static void setDefaultHostnameVerifier() {
        javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier(
                javax.net.ssl.HttpsURLConnection.getDefaultHostnameVerifier());
    }

    public static void addShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { }));
    }

    public static void setSerialFilter() {
        java.io.ObjectInputFilter.Config.setSerialFilter(info -> java.io.ObjectInputFilter.Status.UNDECIDED);
    }

    public static Object jndiLookup(String name) throws Exception {
        return new javax.naming.InitialContext().lookup(name);
    }

    public static Object attach(String pid) throws Exception {
        return com.sun.tools.attach.VirtualMachine.attach(pid);
    }
}
