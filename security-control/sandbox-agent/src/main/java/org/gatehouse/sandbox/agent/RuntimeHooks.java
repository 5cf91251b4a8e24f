package org.gatehouse.sandbox.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM-wide entry points (docs/threat-model.md "Escape routes"): exit/halt, process start, native libraries and the foreign
 * function API, class loader creation, JVM-global setters, shutdown hooks, serialization
 * filters, JNDI, attach, {@code sun.misc.Unsafe}, JDK deferred invokers, signals, management
 * and the flight recorder.
 */
final class RuntimeHooks {
    static final String ENTRY = "org/gatehouse/sandbox/bridge/internal/RuntimeEntries";
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";

    private RuntimeHooks() {
    }

    static List<EntryHook> hooks() {
        List<EntryHook> hooks = new ArrayList<>();
        // each public entry needs its own check: System.exit alone would look like java.lang.System's own call
        hooks.add(runtime(SYSTEM, "exit", "(I)V", "exitVM"));
        hooks.add(runtime(RUNTIME, "exit", "(I)V", "exitVM"));
        hooks.add(runtime(RUNTIME, "halt", "(I)V", "exitVM"));
        // ProcessBuilder.start, startPipeline and Runtime.exec all end in ProcessImpl.start
        hooks.add(EntryHook.at("java/lang/ProcessImpl", "start", "([Ljava/lang/String;Ljava/util/Map;Ljava/lang/String;"
                + "[Ljava/lang/ProcessBuilder$Redirect;Z)Ljava/lang/Process;").calls(ENTRY, "process").args(0));
        for (String owner : List.of(SYSTEM, RUNTIME)) {
            hooks.add(EntryHook.at(owner, "load", "(Ljava/lang/String;)V").calls(ENTRY, "loadFile").args(0));
            hooks.add(EntryHook.at(owner, "loadLibrary", "(Ljava/lang/String;)V").calls(ENTRY, "loadLibrary").args(0));
        }
        hooks.add(EntryHook.at("java/lang/foreign/Linker", "nativeLinker", "()Ljava/lang/foreign/Linker;")
                .calls(ENTRY, "nativeLink"));
        hooks.add(EntryHook.at("java/lang/foreign/SymbolLookup", "libraryLookup",
                "(Ljava/lang/String;Ljava/lang/foreign/Arena;)Ljava/lang/foreign/SymbolLookup;").calls(ENTRY, "loadFile").args(0));
        hooks.add(EntryHook.at("java/lang/foreign/SymbolLookup", "libraryLookup",
                "(Ljava/nio/file/Path;Ljava/lang/foreign/Arena;)Ljava/lang/foreign/SymbolLookup;").calls(ENTRY, "loadFile").args(0));
        // 17: every restricted method of the incubating jdk.incubator.foreign (CLinker.getInstance,
        // systemLookup, SymbolLookup.loaderLookup, MemoryAddress.asSegment...) asks this first
        hooks.add(EntryHook.at("jdk/internal/reflect/Reflection", "ensureNativeAccess", "(Ljava/lang/Class;)V")
                .calls(ENTRY, "nativeLink"));
        // every ClassLoader constructor runs this static check first, before super()
        hooks.add(EntryHook.at("java/lang/ClassLoader", "checkCreateClassLoader", "()Ljava/lang/Void;")
                .calls(ENTRY, "createClassLoader"));
        hooks.addAll(globalSetters());
        hooks.add(runtime(RUNTIME, "addShutdownHook", "(Ljava/lang/Thread;)V", "shutdownHooks"));
        hooks.add(runtime(RUNTIME, "removeShutdownHook", "(Ljava/lang/Thread;)Z", "shutdownHooks"));
        hooks.add(runtime("java/io/ObjectInputFilter$Config", "setSerialFilter", "(Ljava/io/ObjectInputFilter;)V",
                "setSerialFilter"));
        hooks.add(runtime("java/io/ObjectInputFilter$Config", "setSerialFilterFactory",
                "(Ljava/util/function/BinaryOperator;)V", "setSerialFilter"));
        // every InitialContext (and InitialDirContext, InitialLdapContext) operation gets its context here
        hooks.add(runtime("javax/naming/InitialContext", "getURLOrDefaultInitCtx",
                "(Ljava/lang/String;)Ljavax/naming/Context;", "jndiLookup"));
        hooks.add(runtime("javax/naming/InitialContext", "getURLOrDefaultInitCtx",
                "(Ljavax/naming/Name;)Ljavax/naming/Context;", "jndiLookup"));
        hooks.add(runtime("javax/naming/InitialContext", "getDefaultInitCtx", "()Ljavax/naming/Context;", "jndiLookup"));
        // every attached VM, through VirtualMachine.attach or an AttachProvider, is built here
        hooks.add(runtime("sun/tools/attach/HotSpotVirtualMachine", "<init>",
                "(Lcom/sun/tools/attach/spi/AttachProvider;Ljava/lang/String;)V", "attach"));
        hooks.add(runtime("sun/misc/Unsafe", "getUnsafe", "()Lsun/misc/Unsafe;", "accessClassInPackage.sun.misc"));
        hooks.addAll(deferredInvokers());
        hooks.addAll(reads());
        hooks.addAll(loggingControl());
        hooks.addAll(naming());
        hooks.addAll(signalsAndManagement());
        hooks.addAll(libraryWideSettings());
        return List.copyOf(hooks);
    }

    /**
     * JDK objects that call methods named by data later, on whatever thread runs them: the only
     * way to build a task of JDK code alone, which a pool thread would otherwise run with no
     * extension frame on its stack (the asynchronous hand-off of security-control/sandbox-agent/README.md
     * "Routes not closed yet, and why"). An extension's
     * own lambdas and classes need no such rule: their frames are always on the stack.
     */
    private static List<EntryHook> deferredInvokers() {
        return List.of(
                runtime("java/beans/EventHandler", "<init>",
                        "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V", "deferredInvocation"),
                runtime("java/lang/invoke/MethodHandleProxies", "asInterfaceInstance",
                        "(Ljava/lang/Class;Ljava/lang/invoke/MethodHandle;)Ljava/lang/Object;", "deferredInvocation"),
                // a proxy of any interface whose calls become MBean operations, which a model MBean
                // maps to methods named by data: a JDK-only task once the server is the JDK's
                runtime("javax/management/MBeanServerInvocationHandler", "<init>",
                        "(Ljavax/management/MBeanServerConnection;Ljavax/management/ObjectName;)V", "deferredInvocation"),
                runtime("javax/management/MBeanServerInvocationHandler", "<init>",
                        "(Ljavax/management/MBeanServerConnection;Ljavax/management/ObjectName;Z)V", "deferredInvocation"),
                // every MBean server the JDK makes (MBeanServerFactory.newMBeanServer/createMBeanServer
                // and the platform's) is made here; the SecurityManager asked MBeanServerPermission
                runtime("javax/management/MBeanServerBuilder", "newMBeanServer",
                        "(Ljava/lang/String;Ljavax/management/MBeanServer;Ljavax/management/MBeanServerDelegate;)"
                                + "Ljavax/management/MBeanServer;", "management"));
    }

    /**
     * Process-wide controls outside java.lang: signal handlers and raising a signal (TERM ends the
     * element), the preference trees, the platform MBean server and MXBeans (heap dumps to any path, VM flags,
     * diagnostic commands), and the flight recorder (recordings dumped to any path).
     */
    private static List<EntryHook> signalsAndManagement() {
        String factory = "java/lang/management/ManagementFactory";
        return List.of(
                runtime("sun/misc/Signal", "handle", "(Lsun/misc/Signal;Lsun/misc/SignalHandler;)Lsun/misc/SignalHandler;",
                        "setSignalHandler"),
                runtime("sun/misc/Signal", "raise", "(Lsun/misc/Signal;)V", "raiseSignal"),
                // the preference trees: the JDK writes them to files in the element account's home
                // (and /etc/.java) from its own timer thread, whatever keys and values it was given
                // other processes of the host: listing them (with their command lines), and
                // destroying any of the element account's; every handle starts at one of these
                runtime("java/lang/ProcessHandle", "current", "()Ljava/lang/ProcessHandle;", "manageProcess"),
                runtime("java/lang/ProcessHandle", "of", "(J)Ljava/util/Optional;", "manageProcess"),
                runtime("java/lang/ProcessHandle", "allProcesses", "()Ljava/util/stream/Stream;", "manageProcess"),
                // the channel the element's launcher inherited on standard input (a socket under socket
                // activation or inetd): the element's own, never an extension's
                runtime(SYSTEM, "inheritedChannel", "()Ljava/nio/channels/Channel;", "inheritedChannel"),
                runtime("java/util/prefs/Preferences", "userRoot", "()Ljava/util/prefs/Preferences;", "preferences"),
                runtime("java/util/prefs/Preferences", "systemRoot", "()Ljava/util/prefs/Preferences;", "preferences"),
                runtime(factory, "getPlatformMBeanServer", "()Ljavax/management/MBeanServer;", "management"),
                runtime(factory, "getPlatformMXBean", "(Ljava/lang/Class;)Ljava/lang/management/PlatformManagedObject;",
                        "management"),
                runtime(factory, "getPlatformMXBean",
                        "(Ljavax/management/MBeanServerConnection;Ljava/lang/Class;)Ljava/lang/management/PlatformManagedObject;",
                        "management"),
                runtime(factory, "getPlatformMXBeans", "(Ljava/lang/Class;)Ljava/util/List;", "management"),
                runtime(factory, "getPlatformMXBeans", "(Ljavax/management/MBeanServerConnection;Ljava/lang/Class;)Ljava/util/List;",
                        "management"),
                runtime("jdk/jfr/FlightRecorder", "getFlightRecorder", "()Ljdk/jfr/FlightRecorder;", "flightRecorder"),
                runtime("jdk/jfr/Recording", "<init>", "()V", "flightRecorder"),
                runtime("jdk/jfr/Recording", "<init>", "(Ljava/util/Map;)V", "flightRecorder"),
                runtime("jdk/jfr/Recording", "<init>", "(Ljdk/jfr/Configuration;)V", "flightRecorder"),
                runtime("jdk/jfr/consumer/RecordingStream", "<init>", "()V", "flightRecorder"),
                runtime("jdk/jfr/consumer/RecordingStream", "<init>", "(Ljdk/jfr/Configuration;)V", "flightRecorder"));
    }

    /**
     * JVM-wide settings of JDK libraries that the SecurityManager guarded and the census of its
     * checks found unhooked (docs/sandbox.md "What the JDK checked"): JNDI's and RMI's factories
     * (set once, then in charge of every lookup or RMI socket), the JAAS login configuration,
     * JDBC's log and drivers, the rowset factory's logger and naming context, the java.beans
     * search paths and editors, and {@code sun.reflect.ReflectionFactory} (serialization
     * constructors and handles to private serialization methods of any class).
     */
    private static List<EntryHook> libraryWideSettings() {
        String naming = "javax/naming/spi/NamingManager";
        String rmi = "java/rmi/server/RMISocketFactory";
        String jdbc = "java/sql/DriverManager";
        String rowsets = "javax/sql/rowset/spi/SyncFactory";
        return List.of(
                runtime(naming, "setInitialContextFactoryBuilder", "(Ljavax/naming/spi/InitialContextFactoryBuilder;)V", "setFactory"),
                runtime(naming, "setObjectFactoryBuilder", "(Ljavax/naming/spi/ObjectFactoryBuilder;)V", "setFactory"),
                runtime(rmi, "setSocketFactory", "(Ljava/rmi/server/RMISocketFactory;)V", "setFactory"),
                runtime(rmi, "setFailureHandler", "(Ljava/rmi/server/RMIFailureHandler;)V", "setFactory"),
                runtime("java/rmi/server/LogStream", "setDefaultStream", "(Ljava/io/PrintStream;)V", "loggingControl"),
                runtime("javax/security/auth/login/Configuration", "setConfiguration",
                        "(Ljavax/security/auth/login/Configuration;)V", "setLoginConfiguration"),
                runtime(jdbc, "setLogWriter", "(Ljava/io/PrintWriter;)V", "setLog"),
                runtime(jdbc, "setLogStream", "(Ljava/io/PrintStream;)V", "setLog"),
                // an extension may take back its own drivers (RuntimeEntries.deregisterDriver)
                EntryHook.at(jdbc, "deregisterDriver", "(Ljava/sql/Driver;)V").calls(ENTRY, "deregisterDriver").args(0),
                runtime(rowsets, "setLogger", "(Ljava/util/logging/Logger;)V", "setSyncFactory"),
                runtime(rowsets, "setLogger", "(Ljava/util/logging/Logger;Ljava/util/logging/Level;)V", "setSyncFactory"),
                runtime(rowsets, "setJNDIContext", "(Ljavax/naming/Context;)V", "setSyncFactory"),
                // the JDK asked for every property's read and write (checkPropertiesAccess): so does the sandbox
                property("java/beans/Beans", "setDesignTime", "(Z)V", "*"),
                property("java/beans/Beans", "setGuiAvailable", "(Z)V", "*"),
                property("java/beans/Introspector", "setBeanInfoSearchPath", "([Ljava/lang/String;)V", "*"),
                property("java/beans/PropertyEditorManager", "registerEditor", "(Ljava/lang/Class;Ljava/lang/Class;)V", "*"),
                property("java/beans/PropertyEditorManager", "setEditorSearchPath", "([Ljava/lang/String;)V", "*"),
                runtime("sun/reflect/ReflectionFactory", "getReflectionFactory", "()Lsun/reflect/ReflectionFactory;",
                        "reflectionFactoryAccess"));
    }

    /** Reads of system properties and of the environment (where an operator's secrets often are). */
    private static List<EntryHook> reads() {
        return List.of(
                EntryHook.at(SYSTEM, "getProperty", "(Ljava/lang/String;)Ljava/lang/String;").calls(ENTRY, "propertyRead").args(0),
                EntryHook.at(SYSTEM, "getProperty", "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;")
                        .calls(ENTRY, "propertyRead").args(0),
                EntryHook.at(SYSTEM, "getProperties", "()Ljava/util/Properties;").calls(ENTRY, "propertiesRead"),
                EntryHook.at(SYSTEM, "getenv", "(Ljava/lang/String;)Ljava/lang/String;").calls(ENTRY, "environmentRead").args(0),
                EntryHook.at(SYSTEM, "getenv", "()Ljava/util/Map;").calls(ENTRY, "environmentReadAll"),
                EntryHook.at("java/lang/ProcessBuilder", "environment", "()Ljava/util/Map;").calls(ENTRY, "processEnvironment"));
    }

    /**
     * java.util.logging control: the log manager's configuration and every logger's level,
     * handlers, filter and parent. Whoever may change them may silence any logger, the audit's
     * included. (17 asked the SecurityManager in a private method 25 no longer has, so the public
     * methods are hooked on both.)
     */
    private static List<EntryHook> loggingControl() {
        List<EntryHook> hooks = new ArrayList<>();
        String manager = "java/util/logging/LogManager";
        for (String change : List.of("reset()V", "readConfiguration()V", "readConfiguration(Ljava/io/InputStream;)V",
                "updateConfiguration(Ljava/util/function/Function;)V",
                "updateConfiguration(Ljava/io/InputStream;Ljava/util/function/Function;)V",
                "addConfigurationListener(Ljava/lang/Runnable;)Ljava/util/logging/LogManager;",
                "removeConfigurationListener(Ljava/lang/Runnable;)V")) {
            int paren = change.indexOf('(');
            hooks.add(EntryHook.at(manager, change.substring(0, paren), change.substring(paren)).calls(ENTRY, "logManagerControl"));
        }
        for (String change : List.of("setLevel(Ljava/util/logging/Level;)V", "addHandler(Ljava/util/logging/Handler;)V",
                "removeHandler(Ljava/util/logging/Handler;)V", "setFilter(Ljava/util/logging/Filter;)V",
                "setParent(Ljava/util/logging/Logger;)V", "setUseParentHandlers(Z)V",
                "setResourceBundle(Ljava/util/ResourceBundle;)V")) {
            int paren = change.indexOf('(');
            hooks.add(EntryHook.at("java/util/logging/Logger", change.substring(0, paren), change.substring(paren))
                    .calls(ENTRY, "loggerControl").args(EntryHook.THIS));
        }
        return hooks;
    }

    /**
     * JNDI below InitialContext: the naming manager's public entry points build contexts and
     * objects from references (remote class loading, deserialization) without an InitialContext.
     */
    private static List<EntryHook> naming() {
        String naming = "javax/naming/spi/NamingManager";
        String directory = "javax/naming/spi/DirectoryManager";
        String env = "Ljava/util/Hashtable;";
        return List.of(
                runtime(naming, "getInitialContext", "(" + env + ")Ljavax/naming/Context;", "jndiLookup"),
                runtime(naming, "getURLContext", "(Ljava/lang/String;" + env + ")Ljavax/naming/Context;", "jndiLookup"),
                runtime(naming, "getObjectInstance",
                        "(Ljava/lang/Object;Ljavax/naming/Name;Ljavax/naming/Context;" + env + ")Ljava/lang/Object;", "jndiLookup"),
                runtime(naming, "getContinuationContext", "(Ljavax/naming/CannotProceedException;)Ljavax/naming/Context;",
                        "jndiLookup"),
                runtime(directory, "getObjectInstance", "(Ljava/lang/Object;Ljavax/naming/Name;Ljavax/naming/Context;" + env
                        + "Ljavax/naming/directory/Attributes;)Ljava/lang/Object;", "jndiLookup"),
                runtime(directory, "getContinuationDirContext",
                        "(Ljavax/naming/CannotProceedException;)Ljavax/naming/directory/DirContext;", "jndiLookup"));
    }

    private static List<EntryHook> globalSetters() {
        List<EntryHook> hooks = new ArrayList<>();
        hooks.add(runtime(SYSTEM, "setOut", "(Ljava/io/PrintStream;)V", "setIO"));
        hooks.add(runtime(SYSTEM, "setErr", "(Ljava/io/PrintStream;)V", "setIO"));
        hooks.add(runtime(SYSTEM, "setIn", "(Ljava/io/InputStream;)V", "setIO"));
        // 17 still lets code install a SecurityManager at run time unless -Djava.security.manager=disallow
        hooks.add(runtime(SYSTEM, "setSecurityManager", "(Ljava/lang/SecurityManager;)V", "setSecurityManager"));
        hooks.add(EntryHook.at(SYSTEM, "setProperty", "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;")
                .calls(ENTRY, "propertyWrite").args(0));
        hooks.add(EntryHook.at(SYSTEM, "clearProperty", "(Ljava/lang/String;)Ljava/lang/String;")
                .calls(ENTRY, "propertyWrite").args(0));
        hooks.add(property(SYSTEM, "setProperties", "(Ljava/util/Properties;)V", "*"));
        hooks.add(property("java/util/Locale", "setDefault", "(Ljava/util/Locale;)V", "user.language"));
        hooks.add(property("java/util/Locale", "setDefault", "(Ljava/util/Locale$Category;Ljava/util/Locale;)V",
                "user.language"));
        hooks.add(property("java/util/TimeZone", "setDefault", "(Ljava/util/TimeZone;)V", "user.timezone"));
        hooks.add(runtime("java/lang/Thread", "setDefaultUncaughtExceptionHandler",
                "(Ljava/lang/Thread$UncaughtExceptionHandler;)V", "setDefaultHandler"));
        String[][] factories = {
            {"java/net/URL", "setURLStreamHandlerFactory", "(Ljava/net/URLStreamHandlerFactory;)V"},
            {"java/net/URLConnection", "setContentHandlerFactory", "(Ljava/net/ContentHandlerFactory;)V"},
            {"java/net/URLConnection", "setFileNameMap", "(Ljava/net/FileNameMap;)V"},
            {"java/net/HttpURLConnection", "setFollowRedirects", "(Z)V"},
            {"java/net/Socket", "setSocketImplFactory", "(Ljava/net/SocketImplFactory;)V"},
            {"java/net/ServerSocket", "setSocketFactory", "(Ljava/net/SocketImplFactory;)V"},
            {"java/net/DatagramSocket", "setDatagramSocketImplFactory", "(Ljava/net/DatagramSocketImplFactory;)V"},
            {"java/net/ProxySelector", "setDefault", "(Ljava/net/ProxySelector;)V"},
            {"java/net/CookieHandler", "setDefault", "(Ljava/net/CookieHandler;)V"},
            {"java/net/ResponseCache", "setDefault", "(Ljava/net/ResponseCache;)V"},
            {"java/net/Authenticator", "setDefault", "(Ljava/net/Authenticator;)V"},
            {"javax/net/ssl/HttpsURLConnection", "setDefaultHostnameVerifier", "(Ljavax/net/ssl/HostnameVerifier;)V"},
            {"javax/net/ssl/HttpsURLConnection", "setDefaultSSLSocketFactory", "(Ljavax/net/ssl/SSLSocketFactory;)V"},
        };
        for (String[] factory : factories) {
            hooks.add(runtime(factory[0], factory[1], factory[2], "setFactory"));
        }
        hooks.add(runtime("javax/net/ssl/SSLContext", "setDefault", "(Ljavax/net/ssl/SSLContext;)V", "setDefaultSSLContext"));
        String security = "java/security/Security";
        hooks.add(runtime(security, "insertProviderAt", "(Ljava/security/Provider;I)I", "setSecurityProvider"));
        hooks.add(runtime(security, "addProvider", "(Ljava/security/Provider;)I", "setSecurityProvider"));
        hooks.add(runtime(security, "removeProvider", "(Ljava/lang/String;)V", "setSecurityProvider"));
        hooks.add(runtime(security, "setProperty", "(Ljava/lang/String;Ljava/lang/String;)V", "setSecurityProvider"));
        return hooks;
    }

    private static EntryHook runtime(String owner, String method, String descriptor, String permission) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, "runtime").constant(permission);
    }

    private static EntryHook property(String owner, String method, String descriptor, String key) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, "propertyNamed").constant(key);
    }
}
