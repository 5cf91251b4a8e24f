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
 * {@code System::exit} handle. JDK code is transparent: classes of the
 * bootstrap and platform loaders (this bridge, java.base, reflection and method-handle frames)
 * and classes of the JDK's own named modules that the JDK maps to the application loader
 * (jdk.attach, jdk.jshell, jdk.compiler: without this, {@code VirtualMachine.attach} would be
 * its own caller). The answer is cached per class in a {@link ClassValue}, which does not pin
 * the classes of uninstalled bundles.
 */
final class JdkCode {
    private static final String FRAMEWORK_PACKAGE = "org.apache.felix.framework.";
    private static final String BRIDGE_PACKAGE = "org.gatehouse.sandbox.bridge.";
    private static final ClassLoader BRIDGE_LOADER = JdkCode.class.getClassLoader();
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();
    static final Set<String> JDK_CODE_LOADERS = Set.of(
            "jdk.internal.reflect.DelegatingClassLoader", "sun.reflect.misc.MethodUtil");
    private static final CodeSource BRIDGE_CODE = JdkCode.class.getProtectionDomain().getCodeSource();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final ClassValue<Kind> KINDS = new KindOfClass();

    /** What a frame's class is to the caller walk. */
    enum Kind {
        /** This bridge: transparent, and its static initializers ran in premain. */
        BRIDGE,
        /** JDK code: transparent; its static initializer on the stack means JDK initialization. */
        JDK,
        /** The OSGi framework: transparent for OSGi checks only. */
        FRAMEWORK,
        /** Anyone else: the caller. */
        OTHER
    }

    private JdkCode() {
    }

    static boolean isTransparent(Class<?> type, boolean frameworkTransparent) {
        return isTransparent(KINDS.get(type), frameworkTransparent);
    }

    static boolean isTransparent(Kind kind, boolean frameworkTransparent) {
        return kind == Kind.JDK || kind == Kind.BRIDGE || (frameworkTransparent && kind == Kind.FRAMEWORK);
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
        return KINDS.get(type) == Kind.BRIDGE;
    }

    private static final class KindOfClass extends ClassValue<Kind> {
        @Override
        protected Kind computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            if (isBridge(type, loader)) {
                return Kind.BRIDGE;
            }
            if (loader == null || loader == PLATFORM || isJdkModule(type.getModule())
                    || isJdkInternalLoader(loader) || Proxy.isProxyClass(type)) {
                return Kind.JDK;
            }
            // only the framework the launcher put on the application class path: a bundle may
            // carry classes named org.apache.felix.framework.* in its own loader
            return loader == SYSTEM && type.getName().startsWith(FRAMEWORK_PACKAGE) ? Kind.FRAMEWORK : Kind.OTHER;
        }

        /**
         * Exactly the JDK's private code-generation loaders. Not every boot-defined loader of a
         * {@code jdk.internal} package: {@code jdk.internal.loader.Loader} holds the classes of
         * any module layer, which an extension can create from its own jars.
         */
        private static boolean isJdkInternalLoader(ClassLoader loader) {
            Class<?> loaderClass = loader.getClass();
            return loaderClass.getClassLoader() == null && JDK_CODE_LOADERS.contains(loaderClass.getName());
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
