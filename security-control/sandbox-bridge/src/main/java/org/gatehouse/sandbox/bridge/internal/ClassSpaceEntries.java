package org.gatehouse.sandbox.bridge.internal;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Entry checks that keep an extension inside its own class space (what its bundle wiring lets
 * it see): it cannot obtain a class loader other than its own (or one it made), and cannot
 * reflect on the members of a class its own loader would not give it, even when it holds the
 * {@code Class} object (from {@code getClass()} of an object the platform handed over, say).
 * Otherwise any public method of any platform class would be callable by reflection, and a
 * platform class loader would load anything of the platform.
 *
 * <p>Who asks is the code found below the hooked method past reflection machinery and the JDK's
 * invokers ({@code CallerFinder.askerOf}), as the JDK asked its immediate caller for these
 * permissions: the JDK and trusted platform code are not held to a class space. For an asker the
 * decider does not trust: the class loader must be its own, one whose parent chain reaches its
 * own, or the boot loader; the reflected class must be one its own loader resolves to the same
 * class (or one defined by its own loader, a hidden class say). Anything else is a
 * {@code runtime getClassLoader} or {@code reflect classSpace:<class>} request, which the vendor
 * policy grants nobody.
 */
public final class ClassSpaceEntries {
    private static final ClassValue<Map<ClassLoader, Boolean>> VISIBLE = new ClassValue<>() {
        @Override
        protected Map<ClassLoader, Boolean> computeValue(Class<?> type) {
            return new WeakHashMap<>();
        }
    };

    private ClassSpaceEntries() {
    }

    /** {@code Class.getClassLoader()}: the class's loader. */
    public static void classLoaderOf(Object type) {
        if (type instanceof Class<?> && Enforcement.enter()) {
            try {
                loaderRequested(Class.class, ((Class<?>) type).getClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code ClassLoader.getParent()}: the parent of {@code loader}. */
    public static void parentOf(Object loader) {
        if (loader instanceof ClassLoader && Enforcement.enter()) {
            try {
                loaderRequested(ClassLoader.class, ((ClassLoader) loader).getParent());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code ClassLoader.getSystemClassLoader()}. */
    public static void systemLoader() {
        if (Enforcement.enter()) {
            try {
                loaderRequested(ClassLoader.class, ClassLoader.getSystemClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code ClassLoader.getPlatformClassLoader()}. */
    public static void platformLoader() {
        if (Enforcement.enter()) {
            try {
                loaderRequested(ClassLoader.class, ClassLoader.getPlatformClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code Thread.getContextClassLoader()}: the thread's context class loader. A Thread subclass
     * may answer for itself; the system class loader stands in for what it may return.
     */
    public static void contextLoaderOf(Object thread) {
        if (thread instanceof Thread t && Enforcement.enter()) {
            try {
                loaderRequested(Thread.class, JdkCode.isJdkObject(t) ? t.getContextClassLoader() : ClassLoader.getSystemClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code ProtectionDomain.getClassLoader()}, {@code Module.getClassLoader()}. */
    public static void loaderOfDomainOrModule(Object owner) {
        if (owner != null && Enforcement.enter()) {
            try {
                ClassLoader loader = null;
                if (owner instanceof Module module) {
                    loader = module.getClassLoader();
                } else if (owner instanceof java.security.ProtectionDomain domain) {
                    loader = JdkCode.isJdkObject(domain) ? domain.getClassLoader() : ClassLoader.getSystemClassLoader();
                }
                loaderRequested(owner.getClass(), loader);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code ModuleLayer.findLoader(name)}. */
    public static void layerLoader(Object layer, Object moduleName) {
        if (layer instanceof ModuleLayer l && moduleName instanceof String name && Enforcement.enter()) {
            try {
                loaderRequested(ModuleLayer.class, l.findLoader(name));
            } catch (IllegalArgumentException unknown) {
                // the JDK refuses the call itself
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code Class.forName(Module, String)}: loads through the module's loader. */
    public static void forNameInModule(Object module) {
        if (module instanceof Module m && Enforcement.enter()) {
            try {
                loaderRequested(Class.class, m.getClassLoader());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code Class.getMethods/getMethod/getDeclared*}/{@code getFields}/... and
     * {@code newInstance}: the members of {@code type}.
     */
    public static void membersOf(Object type) {
        if (type instanceof Class<?> c && Enforcement.enter()) {
            try {
                membersRequested(Class.class, c);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code MethodHandles.Lookup.findStatic/findVirtual/...}: the members of {@code refc}. */
    public static void lookupMembersOf(Object refc) {
        if (refc instanceof Class<?> c && Enforcement.enter()) {
            try {
                membersRequested(java.lang.invoke.MethodHandles.Lookup.class, c);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code MethodHandles.Lookup.findClass(name)}: a class by name from the lookup class's loader,
     * so the lookup class's class space; a lookup moved into a foreign class ({@code in}) reaches
     * no further than reflecting on that class would.
     */
    public static void lookupFindClass(Object lookup) {
        if (lookup instanceof java.lang.invoke.MethodHandles.Lookup l && Enforcement.enter()) {
            try {
                membersRequested(java.lang.invoke.MethodHandles.Lookup.class, l.lookupClass());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** Only inside the guard. The boot loader gives only the JDK (and this bridge). */
    private static void loaderRequested(Class<?> api, ClassLoader requested) {
        if (requested == null) {
            return;
        }
        Class<?> asker = untrusted(CallerFinder.askerOf(api));
        if (asker != null && !reaches(asker.getClassLoader(), requested)) {
            Enforcement.decideFor(asker, "runtime", "getClassLoader", "");
        }
    }

    /** Only inside the guard. JDK classes: their own module rules bound what reflection reaches. */
    private static void membersRequested(Class<?> api, Class<?> target) {
        if (JdkCode.isTransparent(target)) {
            return;
        }
        // a JDK invoker of methods named by data (java.beans' finders, the model MBean) that looks
        // members up in its own code does it for whoever named the class: it never asks for itself
        Class<?> asker = untrusted(CallerFinder.memberAskerOf(api));
        if (asker != null && !visible(asker.getClassLoader(), target)) {
            Enforcement.decideFor(asker, "reflect", "classSpace:" + target.getName(), "");
        }
    }

    /** The asker when it is code the decider does not trust; null for the JDK and trusted code. */
    private static Class<?> untrusted(Class<?> asker) {
        if (JdkCode.isTransparent(asker) || Enforcement.isTrusted(asker)) {
            return null;
        }
        return asker;
    }

    /** The asker's own loader, or one that delegates to it (code it made). */
    private static boolean reaches(ClassLoader own, ClassLoader requested) {
        for (ClassLoader l = requested; l != null; l = l.getParent()) {
            if (l == own) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code own} resolves {@code target}'s name to {@code target} itself (its class space
     * holds it); for a bundle, only through a package it imports (see {@link BundleImports}).
     */
    private static boolean visible(ClassLoader own, Class<?> target) {
        Class<?> top = target;
        while (top.isArray()) {
            top = top.getComponentType();
        }
        if (top.isPrimitive() || JdkCode.isTransparent(top) || reaches(own, top.getClassLoader())) {
            return true;
        }
        if (top.isHidden() || own == null) {
            return false;
        }
        Map<ClassLoader, Boolean> answers = VISIBLE.get(top);
        synchronized (answers) {
            Boolean known = answers.get(own);
            if (known != null) {
                return known;
            }
        }
        Boolean imported = BundleImports.imports(own, top.getPackageName());
        boolean seen;
        try {
            seen = !Boolean.FALSE.equals(imported) && Class.forName(top.getName(), false, own) == top;
        } catch (ClassNotFoundException | LinkageError e) {
            seen = false;
        }
        synchronized (answers) {
            answers.put(own, seen);
        }
        return seen;
    }
}
