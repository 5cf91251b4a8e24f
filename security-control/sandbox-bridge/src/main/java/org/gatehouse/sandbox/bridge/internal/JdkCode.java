package org.gatehouse.sandbox.bridge.internal;

import java.lang.reflect.Proxy;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;

/**
 * Which stack frames the caller walk looks through. The bridge's own classes are transparent
 * (matched by package, loader and code source together with this class, so a look-alike class
 * defined in an extension's loader is not). Classes that the JDK defines in class loaders of
 * its own internal packages are transparent: the reflection accessors that 17 generates into
 * {@code jdk.internal.reflect.DelegatingClassLoader} after a few {@code Method.invoke} calls, and
 * java.beans' {@code sun.reflect.misc.Trampoline}; no extension can instantiate those loaders.
 * JDK-generated {@link Proxy} classes are transparent wherever they are defined: they only
 * forward to their handler, and on 17 {@code MethodHandleProxies} puts its proxies in the
 * application loader, where they would otherwise pass for platform code wrapping a
 * {@code System::exit} handle. The framework's own call-outs and the JDK's built-in class loaders
 * are trusted boundaries ({@link Kind#BOUNDARY}). JDK code is transparent: classes of the
 * bootstrap and platform loaders (this bridge, java.base, reflection and method-handle frames)
 * and classes of the JDK's own named modules that the JDK maps to the application loader
 * (jdk.attach, jdk.jshell, jdk.compiler: without this, {@code VirtualMachine.attach} would be
 * its own caller). The answer is cached per class in a {@link ClassValue}, which does not pin
 * the classes of uninstalled bundles.
 */
final class JdkCode {
    private static final String BRIDGE_PACKAGE = "org.gatehouse.sandbox.bridge.";
    private static final String PRIVILEGED = "org.gatehouse.sandbox.bridge.Privileged";
    /**
     * The framework's own call-outs, where it acts for itself and not for the code below: a
     * bundle's class loader (reading the bundle's content while some code's class is loaded),
     * event delivery to listeners, and service factories called for a getService. The
     * SecurityManager-era framework ran each of these in {@code doPrivileged}.
     */
    static final Set<String> FRAMEWORK_BOUNDARIES = Set.of(
            "org.apache.felix.framework.BundleWiringImpl$BundleClassLoader",
            "org.apache.felix.framework.EventDispatcher",
            "org.apache.felix.framework.ServiceRegistrationImpl");
    /**
     * The JDK's built-in class loaders (boot, platform, application): they read only the run-time
     * image and the class path, whichever code's class they are loading.
     */
    private static final String BUILTIN_LOADER = "jdk.internal.loader.BuiltinClassLoader";
    private static final ClassLoader BRIDGE_LOADER = JdkCode.class.getClassLoader();
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();
    static final Set<String> JDK_CODE_LOADERS = Set.of(
            "jdk.internal.reflect.DelegatingClassLoader", "sun.reflect.misc.MethodUtil");
    private static final CodeSource BRIDGE_CODE = JdkCode.class.getProtectionDomain().getCodeSource();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final ClassValue<Kind> KINDS = new KindOfClass();
    /**
     * Core reflection's package: only its accessors (and, on 17, the accessor classes it
     * generates) pass calls on. {@code Reflection}, its factory and its generators do the JDK's
     * own work: {@code Method.invoke} asking {@code Reflection.isCallerSensitive} for the loader of
     * the method's class is the JDK asking for itself.
     */
    private static final String CORE_REFLECTION = "jdk.internal.reflect";
    /**
     * Method-handle invocation frames (lambda forms are hidden classes or pre-generated
     * {@code $Holder} classes), as opposed to java.lang.invoke's own work (the lambda metafactory
     * asking for the loader of the class it defines a lambda in).
     */
    private static final Set<String> PASS_THROUGH_INVOKE_CLASSES = Set.of("java.lang.invoke.MethodHandle",
            "java.lang.invoke.Invokers", "java.lang.invoke.DirectMethodHandle", "java.lang.invoke.BoundMethodHandle",
            "java.lang.invoke.DelegatingMethodHandle", "java.lang.invoke.MethodHandleImpl", "java.lang.invoke.VarHandle");
    private static final Set<String> REFLECTION_ENTRY_POINTS = Set.of("java.lang.reflect.Method",
            "java.lang.reflect.Constructor");
    /**
     * The JDK's pass-through readers of a property the caller names, core reflection's entry
     * points, and {@code AccessController}: the action it runs is a class of its own on the stack
     * (the JDK's, which then speaks for itself, or the invoker's, which passes on).
     */
    private static final Set<String> PASS_THROUGH_CLASSES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
            "java.lang.reflect.Method", "java.lang.reflect.Constructor", "java.lang.reflect.Field",
            "java.security.AccessController", "java.security.ProtectionDomain$JavaSecurityAccessImpl",
            // java.desktop's readers of a property the caller names (Font.getFont, Color.getColor)
            "java.awt.Font", "java.awt.Color",
            // the logging MXBean changes the logger its caller names
            "java.util.logging.Logging");
    // not core reflection itself: the JDK names the caller of Method.invoke as the caller of what it invokes
    private static final Set<String> REFLECTIVE_INVOKER_PACKAGES = Set.of(
            "sun.reflect.misc", "java.beans", "com.sun.beans", "com.sun.beans.decoder", "com.sun.beans.finder",
            "com.sun.beans.introspect", "com.sun.beans.util",
            // MBeans: a model MBean's operations and attributes are methods named by data, and the
            // MBean server and its introspector call them for whoever named them
            "javax.management", "javax.management.modelmbean", "com.sun.jmx.mbeanserver");
    private static final ClassValue<Boolean> REFLECTIVE_INVOKER = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return KINDS.get(type) == Kind.JDK && REFLECTIVE_INVOKER_PACKAGES.contains(type.getPackageName());
        }
    };
    private static final ClassValue<Boolean> REFLECTION_ACCESSOR = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (KINDS.get(type) != Kind.JDK || !CORE_REFLECTION.equals(type.getPackageName())) {
                return Boolean.FALSE;
            }
            String name = type.getSimpleName();
            return name.contains("Accessor") && !name.endsWith("Generator") && !name.endsWith("Factory")
                    && !name.endsWith("Utils");
        }
    };
    private static final ClassValue<Boolean> PASS_THROUGH = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (KINDS.get(type) != Kind.JDK) {
                return Boolean.FALSE;
            }
            return REFLECTIVE_INVOKER.get(type) || REFLECTION_ACCESSOR.get(type)
                    || PASS_THROUGH_CLASSES.contains(type.getName()) || Proxy.isProxyClass(type) || isInvocationFrame(type);
        }
    };

    /** What a frame's class is to the caller walk. */
    enum Kind {
        /** This bridge: transparent, and its static initializers ran in premain. */
        BRIDGE,
        /** The bridge's {@code Privileged}: the frame below it is the last one that counts. */
        PRIVILEGED,
        /** JDK code: transparent; its static initializer on the stack means JDK initialization. */
        JDK,
        /** Trusted code that acts for itself whoever is below it: the walk stops there. */
        BOUNDARY,
        /** Anyone else: asked whether trusted, and part of the decision when not. */
        OTHER
    }

    private JdkCode() {
    }

    /**
     * True for JDK frames that only pass a request on: reflective calls and method-handle
     * invocations, JDK-generated proxies, the java.beans invokers of methods named by data, and the JDK's
     * readers of a property the caller names ({@code Integer.getInteger}, {@code Long.getLong},
     * {@code Boolean.getBoolean}). Looked through when finding who asked for a value.
     */
    static boolean isPassThrough(Class<?> type) {
        return PASS_THROUGH.get(type);
    }

    /**
     * True for the JDK's invokers of methods named at run time by someone else: java.beans and its
     * trampoline (not core reflection, see {@link #isReflectionAccessor}). The JDK reports them as the caller of what they invoke, so they never speak for
     * themselves.
     */
    static boolean isReflectiveInvoker(Class<?> type) {
        return REFLECTIVE_INVOKER.get(type);
    }

    /**
     * True for core reflection's accessors, the JDK's and those it generates: they invoke what a
     * {@code Method} or {@code Constructor} names, never anything of their own.
     */
    static boolean isReflectionAccessor(Class<?> type) {
        return REFLECTION_ACCESSOR.get(type);
    }

    /** Core reflection's accessors and its entry points ({@code Method.invoke}, {@code Constructor.newInstance}). */
    static boolean isCoreReflection(Class<?> type) {
        return REFLECTION_ACCESSOR.get(type) || KINDS.get(type) == Kind.JDK && REFLECTION_ENTRY_POINTS.contains(type.getName());
    }

    private static boolean isInvocationFrame(Class<?> type) {
        if (!"java.lang.invoke".equals(type.getPackageName())) {
            return false;
        }
        String name = type.getName();
        int nested = name.indexOf('$');
        String outer = nested < 0 ? name : name.substring(0, nested);
        return type.isHidden() || name.endsWith("$Holder") || PASS_THROUGH_INVOKE_CLASSES.contains(outer);
    }

    /** True for JDK code and this bridge: frames no decision is ever made about. */
    static boolean isTransparent(Class<?> type) {
        Kind kind = KINDS.get(type);
        return kind == Kind.JDK || kind == Kind.BRIDGE || kind == Kind.PRIVILEGED;
    }

    static Kind kindOf(Class<?> type) {
        return KINDS.get(type);
    }

    /**
     * True when {@code argument}'s class is the JDK's (bootstrap or platform loader). The entry
     * checks call methods only of such arguments: an extension's subclass of File or Path, or its
     * own SocketAddress, would run its code inside the re-entrancy guard (checks off), and could
     * answer the check one path and the JDK another.
     */
    static boolean isJdkObject(Object argument) {
        ClassLoader loader = argument.getClass().getClassLoader();
        return loader == null || loader == PLATFORM;
    }

    /** True when {@code argument} was made by the framework on the application class path (Felix's own objects). */
    static boolean isFrameworkObject(Object argument) {
        return argument.getClass().getClassLoader() == SYSTEM;
    }

    /** True for this bridge's own classes (not for look-alikes in other loaders). */
    static boolean isBridge(Class<?> type) {
        Kind kind = KINDS.get(type);
        return kind == Kind.BRIDGE || kind == Kind.PRIVILEGED;
    }

    /**
     * Exactly the JDK's private code-generation loaders. Not every boot-defined loader of a
     * {@code jdk.internal} package: {@code jdk.internal.loader.Loader} holds the classes of
     * any module layer, which an extension can create from its own jars.
     */
    static boolean isJdkInternalLoader(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        Class<?> loaderClass = loader.getClass();
        return loaderClass.getClassLoader() == null && JDK_CODE_LOADERS.contains(loaderClass.getName());
    }

    private static final class KindOfClass extends ClassValue<Kind> {
        @Override
        protected Kind computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            if (isBridge(type, loader)) {
                return PRIVILEGED.equals(type.getName()) ? Kind.PRIVILEGED : Kind.BRIDGE;
            }
            if (loader == null || loader == PLATFORM || isJdkModule(type.getModule())
                    || isJdkInternalLoader(loader) || Proxy.isProxyClass(type)) {
                return isBuiltinLoader(type) ? Kind.BOUNDARY : Kind.JDK;
            }
            // only the framework the launcher put on the application class path: a bundle may
            // carry classes named org.apache.felix.framework.* in its own loader
            return loader == SYSTEM && FRAMEWORK_BOUNDARIES.contains(type.getName()) ? Kind.BOUNDARY : Kind.OTHER;
        }

        /** A boot-loader class that is (or extends) the JDK's built-in loader; no one else can define one there. */
        private static boolean isBuiltinLoader(Class<?> type) {
            if (type.getClassLoader() != null) {
                return false;
            }
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (BUILTIN_LOADER.equals(c.getName())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Exactly the JDK's private code-generation loaders. Not every boot-defined loader of a
         * {@code jdk.internal} package: {@code jdk.internal.loader.Loader} holds the classes of
         * any module layer, which an extension can create from its own jars.
         */
        private static boolean isJdkInternalLoader(ClassLoader loader) {
            return JdkCode.isJdkInternalLoader(loader);
        }

        private static boolean isBridge(Class<?> type, ClassLoader loader) {
            return loader == BRIDGE_LOADER && type.getName().startsWith(BRIDGE_PACKAGE)
                    && Objects.equals(type.getProtectionDomain().getCodeSource(), BRIDGE_CODE);
        }

        private static boolean isJdkModule(Module module) {
            if (!module.isNamed() || module.getLayer() != ModuleLayer.boot()) {
                return false;
            }
            String name = module.getName();
            return name.startsWith("java.") || name.startsWith("jdk.");
        }
    }
}
