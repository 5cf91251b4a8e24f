package org.gatehouse.sandbox.agent;

import java.lang.reflect.Field;
import java.util.Hashtable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import javax.naming.spi.NamingManager;

/**
 * What an extension tries once direct calls are closed: have trusted code act for it, step out
 * of its class space, read the environment and properties, switch logging off, reach JNDI below
 * InitialContext, and change the sandbox's own state. One tiny action each.
 */
public final class DeputyActions {
    private DeputyActions() {
    }

    /** A trusted helper's public method runs a process for the extension (the framework's SecureAction did). */
    public static Object processThroughHelper(String marker) throws Exception {
        return HostSecrets.exec("/bin/sh", "-c", "touch " + marker);
    }

    /** The loader of a trusted class: the doorway to every class of the platform. */
    public static Object loaderOfTrustedClass(Object trustedObject) {
        return trustedObject.getClass().getClassLoader();
    }

    public static Object systemClassLoader() {
        return ClassLoader.getSystemClassLoader();
    }

    /** Its own loader is its own. */
    public static Object ownLoader() {
        return DeputyActions.class.getClassLoader();
    }

    /** The public methods of a class its own loader does not resolve (handed over as an object). */
    public static Object methodsOf(Object trustedObject) {
        return trustedObject.getClass().getMethods().length;
    }

    public static Object property(String key) {
        return System.getProperty(key);
    }

    /** A JDK pass-through reader asked to read a property the extension names. */
    public static Object integerProperty(String key) {
        return Integer.getInteger(key);
    }

    /**
     * The same read, asked many times through core reflection: past the JDK's inflation threshold
     * a generated accessor class (on 17) sits between the reflective call and System.getProperty.
     */
    public static Object propertyByReflection(String key, Integer times) throws Exception {
        java.lang.reflect.Method read = System.class.getMethod("getProperty", String.class);
        Object value = null;
        for (int i = 0; i < times; i++) {
            value = read.invoke(null, key);
        }
        return value;
    }

    /** A JDK invoker of methods named by data (java.beans) asked to read the property. */
    public static Object propertyThroughJavaBeans(String key) throws Exception {
        return new java.beans.Expression(System.class, "getProperty", new Object[] {key}).getValue();
    }

    /** The same invoker asked for the loader of a trusted class. */
    public static Object loaderThroughJavaBeans(Object trustedObject) throws Exception {
        return new java.beans.Expression(trustedObject.getClass(), "getClassLoader", new Object[0]).getValue();
    }

    /** A JDK class initialized by the extension's call: its initializer looks for the JDK's currency properties file. */
    public static Object currencyFirstUse() {
        return java.util.Currency.getInstance("EUR").getCurrencyCode();
    }

    /** The same file, looked for by the extension itself. */
    public static Object fileExists(String path) {
        return new java.io.File(path).exists();
    }

    /** All properties at once: the bulk route around a check of one key. */
    public static Object allProperties() {
        return System.getProperties().size();
    }

    /** A copy of the whole environment through ProcessBuilder, no process started. */
    public static Object environmentThroughProcessBuilder() {
        return new ProcessBuilder("true").environment().size();
    }

    /** A JDK pass-through reader of another shape. */
    public static Object booleanProperty(String key) {
        return Boolean.getBoolean(key);
    }

    public static Object environment(String name) {
        return System.getenv(name);
    }

    public static Object wholeEnvironment() {
        return System.getenv().size();
    }

    /** Silences the audit logger. */
    public static Object silenceAudit() {
        Logger.getLogger("org.gatehouse.audit").setLevel(Level.OFF);
        return "silenced";
    }

    public static Object resetLogging() {
        LogManager.getLogManager().reset();
        return "reset";
    }

    /** An anonymous logger of its own: nobody else logs through it. */
    public static Object ownAnonymousLogger() {
        Logger mine = Logger.getAnonymousLogger();
        mine.setLevel(Level.FINE);
        return mine.getLevel().getName();
    }

    /** JNDI's naming manager, without an InitialContext. */
    public static Object namingManagerContext() throws Exception {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        return NamingManager.getInitialContext(environment) != null;
    }

    /** Makes the sandbox bridge's state accessible, to swap the decider. */
    public static Object openBridgeState() throws Exception {
        Class<?> enforcement = Class.forName("org.gatehouse.sandbox.bridge.internal.Enforcement", false, null);
        Field decider = enforcement.getDeclaredField("decider");
        decider.setAccessible(true);
        return decider.get(null);
    }
}
