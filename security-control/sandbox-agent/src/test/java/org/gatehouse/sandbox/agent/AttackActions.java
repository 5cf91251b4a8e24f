package org.gatehouse.sandbox.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import javax.management.Attribute;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MBeanServerInvocationHandler;
import javax.management.ObjectName;
import javax.management.modelmbean.DescriptorSupport;
import javax.management.modelmbean.ModelMBeanAttributeInfo;
import javax.management.modelmbean.ModelMBeanInfoSupport;
import javax.management.modelmbean.ModelMBeanOperationInfo;
import javax.management.modelmbean.RequiredModelMBean;

/**
 * An attacker's actions, run as the extension with no grant: routes around the sandbox that the
 * matrix does not cover yet. Each action tries one sensitive thing; {@code AttackIT} expects it
 * denied.
 */
public final class AttackActions {
    private AttackActions() {
    }

    // ---- the JDK reading "for itself" a property or variable the extension names ----

    /** java.awt.Font.getFont(String) reads the property its caller names and hands back its value as the font's name. */
    public static Object propertyThroughFont(String key) {
        java.awt.Font font = java.awt.Font.getFont(key);
        return font == null ? null : font.getName();
    }

    /** java.awt.Color.getColor(String) reads an integer property through Integer.getInteger for its caller. */
    public static Object propertyThroughColor(String key) {
        java.awt.Color color = java.awt.Color.getColor(key);
        return color == null ? null : color.getRGB() & 0xFFFFFF;
    }

    /** The runtime MXBean (ManagementFactory.getRuntimeMXBean is not hooked) copies every system property. */
    public static Object propertyThroughRuntimeMXBean(String key) {
        return ManagementFactory.getRuntimeMXBean().getSystemProperties().get(key);
    }

    /** The JVM's command line, through the same unhooked MXBean. */
    public static Object inputArgumentsThroughRuntimeMXBean() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().size();
    }

    // ---- RequiredModelMBean: a JDK invoker of methods named by data that the bridge does not know ----

    /**
     * Has a RequiredModelMBean call {@code method} of {@code className} (or of the target's class)
     * on {@code target} with {@code args}: the JDK's javax.management.modelmbean code, not the
     * extension, is then the "asker" the bridge sees below the hooked method.
     */
    static Object viaModelMBean(Object target, String className, String method, Object[] args, Class<?>[] types)
            throws Exception {
        MBeanParameterInfo[] parameters = new MBeanParameterInfo[types.length];
        String[] signature = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            parameters[i] = new MBeanParameterInfo("p" + i, types[i].getName(), "");
            signature[i] = types[i].getName();
        }
        DescriptorSupport descriptor = new DescriptorSupport(new String[] {"name=" + method,
                "descriptorType=operation", "role=operation", "targetType=ObjectReference"});
        if (className != null) {
            descriptor.setField("class", className);
        }
        ModelMBeanOperationInfo operation = new ModelMBeanOperationInfo(method, "", parameters, "java.lang.Object",
                MBeanOperationInfo.UNKNOWN, descriptor);
        ModelMBeanInfoSupport info = new ModelMBeanInfoSupport("x", "", null, null,
                new ModelMBeanOperationInfo[] {operation}, null);
        RequiredModelMBean mbean = new RequiredModelMBean(info);
        mbean.setManagedResource(target, "ObjectReference");
        return mbean.invoke(method, args, signature);
    }

    public static Object propertyThroughModelMBean(String key) throws Exception {
        return viaModelMBean("x", "java.lang.System", "getProperty", new Object[] {key}, new Class<?>[] {String.class});
    }

    public static Object environmentThroughModelMBean(String name) throws Exception {
        return viaModelMBean("x", "java.lang.System", "getenv", new Object[] {name}, new Class<?>[] {String.class});
    }

    /** The loader of a trusted class: the doorway to every class of the platform. */
    public static Object loaderThroughModelMBean(Object trustedObject) throws Exception {
        return viaModelMBean(trustedObject.getClass(), null, "getClassLoader", new Object[0], new Class<?>[0]);
    }

    public static Object systemLoaderThroughModelMBean() throws Exception {
        return viaModelMBean("x", "java.lang.ClassLoader", "getSystemClassLoader", new Object[0], new Class<?>[0]);
    }

    /** Silences the audit logger through the model MBean. */
    public static Object silenceAuditThroughModelMBean() throws Exception {
        viaModelMBean(Logger.getLogger("org.gatehouse.audit"), null, "setLevel", new Object[] {Level.OFF},
                new Class<?>[] {Level.class});
        return "silenced";
    }

    /** The public methods of a foreign class, found and called by the model MBean's own lookup. */
    public static Object foreignMethodThroughModelMBean(Object foreignObject) throws Exception {
        return viaModelMBean(foreignObject, null, "secret", new Object[0], new Class<?>[0]);
    }

    /** The whole-stack rule should still see the extension below the model MBean. */
    public static Object processThroughModelMBean(String marker) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "touch " + marker);
        Object process = viaModelMBean(builder, null, "start", new Object[0], new Class<?>[0]);
        return ((Process) process).waitFor();
    }

    public static Object openBridgeStateThroughModelMBean() throws Exception {
        Class<?> enforcement = Class.forName("org.gatehouse.sandbox.bridge.internal.Enforcement", false, null);
        java.lang.reflect.Field decider = enforcement.getDeclaredField("decider");
        viaModelMBean(decider, null, "setAccessible", new Object[] {Boolean.TRUE}, new Class<?>[] {boolean.class});
        return decider.get(null);
    }

    // ---- java.util.logging's own MXBean (LogManager.getLoggingMXBean is not hooked) ----

    public static Object silenceAuditThroughLoggingMXBean() {
        @SuppressWarnings("deprecation")
        java.util.logging.LoggingMXBean logging = LogManager.getLoggingMXBean();
        logging.setLoggerLevel("org.gatehouse.audit", "OFF");
        return "silenced";
    }

    // ---- class space: reflection performed by JDK helpers ----

    /** java.beans' Introspector lists a foreign class's public methods: its own getMethods call. */
    public static Object methodsThroughIntrospector(Object foreignObject) throws Exception {
        return java.beans.Introspector.getBeanInfo(foreignObject.getClass()).getMethodDescriptors().length;
    }

    /** java.beans' Expression finds (its own getMethods) and calls a foreign class's public method. */
    public static Object foreignMethodThroughExpression(Object foreignObject) throws Exception {
        return new java.beans.Expression(foreignObject, "secret", new Object[0]).getValue();
    }

    /** A Lookup moved into a foreign class loads classes by name from that class's loader. */
    public static Object classThroughForeignLookup(Object foreignObject, String name) throws Exception {
        return MethodHandles.lookup().in(foreignObject.getClass()).findClass(name) == foreignObject.getClass();
    }

    // ---- a JDK-only deferred invoker: Proxy + MBeanServerInvocationHandler + RequiredModelMBean ----

    /**
     * Builds, from JDK classes only, a {@link java.security.Principal} whose {@code getName()}
     * starts {@code /bin/sh -c "touch marker"}: the proxy asks a private MBean server for the
     * attribute "Name", whose model MBean descriptor names {@code ProcessBuilder.start} as its
     * getter. No class of the extension is on the stack when platform code later calls
     * {@code getName()}.
     */
    public static Object principalThatRunsAProcess(String marker) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "touch " + marker);
        DescriptorSupport op = new DescriptorSupport(new String[] {"name=start", "descriptorType=operation",
                "role=getter", "targetType=ObjectReference"});
        ModelMBeanOperationInfo start = new ModelMBeanOperationInfo("start", "", new MBeanParameterInfo[0],
                "java.lang.Object", MBeanOperationInfo.ACTION, op);
        DescriptorSupport attr = new DescriptorSupport(new String[] {"name=Name", "descriptorType=attribute",
                "getMethod=start"});
        ModelMBeanAttributeInfo name = new ModelMBeanAttributeInfo("Name", "java.lang.Object", "", true, false, false,
                attr);
        ModelMBeanInfoSupport info = new ModelMBeanInfoSupport("x", "", new ModelMBeanAttributeInfo[] {name}, null,
                new ModelMBeanOperationInfo[] {start}, null);
        RequiredModelMBean mbean = new RequiredModelMBean(info);
        mbean.setManagedResource(builder, "ObjectReference");
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName objectName = new ObjectName("attack:type=principal");
        server.registerMBean(mbean, objectName);
        return MBeanServerInvocationHandler.newProxyInstance(server, objectName, java.security.Principal.class, false);
    }

    /** Same invoker, called by the extension itself: it is on the stack, so this must be denied. */
    public static Object principalCalledByTheExtension(String marker) throws Exception {
        return ((java.security.Principal) principalThatRunsAProcess(marker)).getName();
    }

    /** The setter form: any one-argument method (Runtime.exit(int) too); here Runtime.exec(String), called by the extension itself. */
    public static Object setterRunsAProcess(String file) throws Exception {
        DescriptorSupport op = new DescriptorSupport(new String[] {"name=exec", "descriptorType=operation",
                "role=setter", "targetType=ObjectReference"});
        ModelMBeanOperationInfo exec = new ModelMBeanOperationInfo("exec", "",
                new MBeanParameterInfo[] {new MBeanParameterInfo("c", "java.lang.String", "")}, "java.lang.Object",
                MBeanOperationInfo.ACTION, op);
        DescriptorSupport attr = new DescriptorSupport(new String[] {"name=Command", "descriptorType=attribute",
                "setMethod=exec"});
        ModelMBeanAttributeInfo command = new ModelMBeanAttributeInfo("Command", "java.lang.String", "", false, true,
                false, attr);
        RequiredModelMBean mbean = new RequiredModelMBean(new ModelMBeanInfoSupport("x", "",
                new ModelMBeanAttributeInfo[] {command}, null, new ModelMBeanOperationInfo[] {exec}, null));
        mbean.setManagedResource(Runtime.getRuntime(), "ObjectReference");
        mbean.setAttribute(new Attribute("Command", "touch " + file));
        return "set";
    }

    // ---- things that should stay denied (the extension's frame is on the stack) ----

    /** The extension's lambda on a common-pool worker. */
    public static Object processOnCommonPool(String marker) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new ProcessBuilder("/bin/sh", "-c", "touch " + marker).start().waitFor();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).get();
    }

    /** A bound method handle invoked by invokeWithArguments. */
    public static Object processThroughMethodHandle(String marker) throws Throwable {
        MethodHandle start = MethodHandles.publicLookup().findVirtual(ProcessBuilder.class, "start",
                MethodType.methodType(Process.class));
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "touch " + marker);
        return ((Process) start.bindTo(builder).invokeWithArguments()).waitFor();
    }

    /** Reading a file through a JDK helper. */
    public static Object readPasswd() throws Exception {
        return Files.readAllLines(Path.of("/etc/passwd")).size();
    }

    /** Its own class's static initializer writes a file; run by whoever initializes it. */
    public static final class WritesWhenInitialized {
        static final String TARGET = "/tmp/gatehouse-attack-clinit";

        static {
            try {
                Files.writeString(Path.of(TARGET), "written by an extension initializer");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        private WritesWhenInitialized() {
        }

        public static void touch() {
        }
    }

    // ---- the one internal package the agent exports, to the bridge alone ----

    /**
     * Reaches for {@code jdk.internal.misc.Unsafe}, exported to the bridge's module: directly, and
     * through a lookup teleported into a bridge class. Returns how each attempt ended.
     */
    public static Object internalUnsafeThroughTheBridgesExport() throws Exception {
        Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe", false, null);
        java.lang.invoke.MethodType type = java.lang.invoke.MethodType.methodType(unsafe);
        String direct = attempt(() -> java.lang.invoke.MethodHandles.lookup().findStatic(unsafe, "getUnsafe", type));
        Class<?> bridge = Class.forName("org.gatehouse.sandbox.bridge.SandboxBridge");
        String teleported = attempt(() -> java.lang.invoke.MethodHandles.lookup().in(bridge).findStatic(unsafe, "getUnsafe", type));
        return direct + ", " + teleported;
    }

    private static String attempt(java.util.concurrent.Callable<?> lookup) {
        try {
            lookup.call();
            return "reached";
        } catch (IllegalAccessException e) {
            return "refused";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
