package org.gatehouse.sandbox.bridge.internal;

import java.lang.StackWalker.StackFrame;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Entry checks for the JVM-wide operations of docs/threat-model.md "Escape routes": exit/halt, process start, native code,
 * class loader creation, JVM-global setters, shutdown hooks, JNDI, attach, and
 * {@code sun.misc.Unsafe}.
 */
public final class RuntimeEntries {
    private static final StackWalker LOADER_WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final ConstructedLoader CONSTRUCTED_LOADER = new ConstructedLoader();

    private RuntimeEntries() {
    }

    /** {@code runtime <name>} with empty actions, e.g. {@code exitVM}, {@code setIO}, {@code setFactory}. */
    public static void runtime(String name) {
        check("runtime", name, "");
    }

    /** {@code ProcessImpl.start(String[] cmdarray, ...)}: {@code process <command> execute}. */
    public static void process(Object commandArray) {
        if (commandArray instanceof String[] command && command.length > 0 && command[0] != null) {
            check("process", command[0], "execute");
        }
    }

    /** {@code System/Runtime.loadLibrary(name)}: {@code native <name> load}. */
    public static void loadLibrary(Object name) {
        if (name != null) {
            check("native", name.toString(), "load");
        }
    }

    /** {@code System/Runtime.load(path)}, {@code SymbolLookup.libraryLookup(path)}: {@code native <absolute path> load}. */
    public static void loadFile(Object path) {
        if (path instanceof Path || path instanceof String && ((String) path).indexOf('/') >= 0) {
            if (Enforcement.enter()) {
                try {
                    StackContext caller = Enforcement.context();
                    if (!JdkCode.isJdkObject(path)) {
                        Enforcement.denyUntrustedArgument(caller, "native", path, "load");
                    }
                    Enforcement.decide(caller, "native", PermissionNames.path(path), "load");
                } finally {
                    Enforcement.exit();
                }
            }
        } else {
            loadLibrary(path);
        }
    }

    /** {@code Linker.nativeLinker()}, the gate to every downcall of the foreign function API: {@code native ffm link}. */
    public static void nativeLink() {
        check("native", "ffm", "link");
    }

    /**
     * {@code System.getProperty(key)} (both forms): {@code property <key> read}. A read the JDK
     * makes for itself (its own code asks, past reflection and the JDK's pass-through readers such
     * as {@code Integer.getInteger}) is not checked, as the JDK read in {@code doPrivileged};
     * anyone else's read is decided against the whole stack, so a platform helper that reads a
     * property its caller names reads it for that caller.
     */
    public static void propertyRead(Object key) {
        if (key instanceof String name) {
            readFor(System.class, "property", name);
        }
    }

    /** {@code System.getProperties()}: every property, {@code property * read}. */
    public static void propertiesRead() {
        readFor(System.class, "property", "*");
    }

    /** {@code System.getenv(name)}: {@code env <name> read}. */
    public static void environmentRead(Object name) {
        if (name instanceof String variable) {
            readFor(System.class, "env", variable);
        }
    }

    /** {@code System.getenv()} and {@code ProcessBuilder.environment()}: the whole environment, {@code env * read}. */
    public static void environmentReadAll() {
        readFor(System.class, "env", "*");
    }

    /** {@code ProcessBuilder.environment()}: a copy of the whole environment. */
    public static void processEnvironment() {
        readFor(ProcessBuilder.class, "env", "*");
    }

    private static void readFor(Class<?> api, String type, String name) {
        if (Enforcement.enter()) {
            try {
                unlessJdkAsks(api, type, name, "read");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * Only inside the guard. The JDK asking for itself (as it did in {@code doPrivileged}) is not
     * checked; anyone else's request is decided on the whole stack, so a platform helper that
     * reads or changes something for its caller does it as the caller.
     */
    private static void unlessJdkAsks(Class<?> api, String type, String name, String actions) {
        Class<?>[] stack = StackClasses.current();
        if (!JdkCode.isTransparent(CallerFinder.askerIn(stack, api))) {
            Enforcement.decide(Enforcement.context(stack), type, name, actions);
        }
    }

    /**
     * {@code Logger.setLevel/addHandler/removeHandler/setFilter/setParent/setUseParentHandlers/
     * setResourceBundle}: {@code runtime loggingControl}, except on an anonymous logger of the
     * JDK's own class (nobody else logs through it), as the JDK's logging control permission was,
     * and except for the JDK's own changes (a new logger given its parent), decided like a read.
     */
    public static void loggerControl(Object logger) {
        if (logger != null && Enforcement.enter()) {
            try {
                if (!JdkCode.isJdkObject(logger) || LoggerNames.of(logger) != null) {
                    unlessJdkAsks(LoggerNames.LOGGER, "runtime", "loggingControl", "");
                }
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code LogManager.reset/readConfiguration/updateConfiguration/add|removeConfigurationListener}: {@code runtime loggingControl}. */
    public static void logManagerControl() {
        if (Enforcement.enter()) {
            try {
                unlessJdkAsks(LoggerNames.MANAGER, "runtime", "loggingControl", "");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** Names the JDK's own logger objects; a class of its own so java.logging loads only when a logger is changed. */
    private static final class LoggerNames {
        static final Class<?> LOGGER = java.util.logging.Logger.class;
        static final Class<?> MANAGER = java.util.logging.LogManager.class;

        static String of(Object logger) {
            return logger instanceof java.util.logging.Logger l ? l.getName() : "";
        }
    }

    /**
     * {@code DriverManager.deregisterDriver(driver)}: {@code runtime deregisterDriver}, asked of
     * every class on the stack but those of the driver's own loader: an extension takes back the
     * drivers it registered (as it should when it stops), not the platform's or another's
     * (docs/sandbox.md "What the JDK checked").
     */
    public static void deregisterDriver(Object driver) {
        if (driver != null && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "runtime", "deregisterDriver", "", driver.getClass().getClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code System.setProperties}, {@code Locale/TimeZone.setDefault}: {@code property <key> write} for a fixed key. */
    public static void propertyNamed(String key) {
        check("property", key, "write");
    }

    /** {@code System.setProperty/clearProperty(key)}: {@code property <key> write}. */
    public static void propertyWrite(Object key) {
        if (key != null) {
            check("property", key.toString(), "write");
        }
    }

    /**
     * {@code ClassLoader.checkCreateClassLoader()}, which every ClassLoader constructor runs
     * first: {@code runtime createClassLoader}. The JDK's private code loaders (the reflection
     * accessors' DelegatingClassLoader on 17, created while an extension calls
     * {@code Method.invoke}) are not requests of the caller. A module layer's loader
     * ({@code jdk.internal.loader.Loader}) is: an extension can define layers of its own.
     */
    public static void createClassLoader() {
        if (Enforcement.enter()) {
            try {
                Class<?> constructed = LOADER_WALKER.walk(CONSTRUCTED_LOADER);
                if (constructed == null || constructed.getClassLoader() != null
                        || !JdkCode.JDK_CODE_LOADERS.contains(constructed.getName())) {
                    Enforcement.decide(Enforcement.context(), "runtime", "createClassLoader", "");
                }
            } finally {
                Enforcement.exit();
            }
        }
    }

    private static void check(String type, String name, String actions) {
        if (Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), type, name, actions);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** The most derived ClassLoader subclass whose constructor is on the stack: the loader being built. */
    private static final class ConstructedLoader implements Function<Stream<StackFrame>, Class<?>> {
        @Override
        public Class<?> apply(Stream<StackFrame> frames) {
            Class<?> constructed = null;
            Iterator<StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                StackFrame frame = it.next();
                Class<?> declaring = frame.getDeclaringClass();
                if ("<init>".equals(frame.getMethodName()) && ClassLoader.class.isAssignableFrom(declaring)) {
                    constructed = declaring;
                } else if (constructed != null) {
                    return constructed;
                }
            }
            return constructed;
        }
    }
}
