package org.gatehouse.sandbox.bridge.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;

/**
 * Entry checks for the OSGi framework (Apache Felix): bundle and framework lifecycle, installs,
 * service registration (hooks apart) and service get. The framework is trusted code, so what
 * counts is the untrusted code below it that called its API. The OSGi types are not visible
 * from the boot class path, so the few methods needed are called through the
 * {@code org.osgi.framework} interfaces of the framework's own loader.
 */
public final class OsgiEntries {
    private static final String HOOK_PACKAGE = "org.osgi.framework.hooks.";
    private static final ClassValue<OsgiMethods> METHODS = new OsgiMethodsOfClass();

    private OsgiEntries() {
    }

    /** {@code Bundle.start/stop/update/uninstall}: {@code osgi framework} for bundle 0, else {@code osgi bundle:<name>}. */
    public static void lifecycle(String action, Object bundle) {
        if (bundle != null && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "osgi", bundleName(bundle), action);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code BundleContext.installBundle(location...)}: {@code osgi bundle:<location> install}. */
    public static void install(Object location) {
        frameworkCheck("bundle:" + location, "install");
    }

    /**
     * {@code Bundle.getBundleContext()} and {@code Bundle.adapt(type)}: another bundle's context
     * acts with that bundle's identity, and its wiring hands out its class loader. Asked of the
     * code that calls them directly (the framework and the platform use them all the time, also
     * while serving an extension's call): free for trusted code and for a bundle's own code on its
     * own bundle; anyone else asks {@code osgi bundle:<name> context} or {@code adapt}.
     */
    public static void bundleAccess(String action, Object bundle) {
        if (bundle != null && Enforcement.enter()) {
            try {
                Class<?> asker = CallerFinder.askerOf(bundle.getClass());
                if (!JdkCode.isTransparent(asker) && !Enforcement.isTrusted(asker) && !isOwnBundle(asker.getClassLoader(), bundle)) {
                    Enforcement.decideFor(asker, "osgi", bundleName(bundle), action);
                }
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code BundleContext.getProperty(key)}: framework properties, and system properties behind them: {@code property <key> read}. */
    public static void frameworkProperty(Object key) {
        if (key instanceof String name && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "property", name, "read");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** Whether {@code loader} is a bundle class loader of {@code bundle} itself. */
    private static boolean isOwnBundle(ClassLoader loader, Object bundle) {
        if (loader == null || !JdkCode.isFrameworkObject(loader)) {
            return false;
        }
        Object owner = METHODS.get(loader.getClass()).callIfPresent(OsgiMethods.BUNDLE_OF_LOADER, loader);
        if (owner == null) {
            return false;
        }
        Object id = METHODS.get(bundle.getClass()).call(OsgiMethods.BUNDLE_ID, bundle);
        return id != null && id.equals(METHODS.get(owner.getClass()).call(OsgiMethods.BUNDLE_ID, owner));
    }

    /** Framework-wide operations: refresh, resolve, start level changes. */
    public static void framework(String action) {
        frameworkCheck("framework", action);
    }

    /** Service registration under each name: {@code hook:<name>} for framework hooks, else {@code service:<name>}. */
    public static void register(Object classNames) {
        if (classNames instanceof String[] names && Enforcement.enter()) {
            try {
                StackContext caller = Enforcement.context();
                for (String name : names) {
                    String target = name != null && name.startsWith(HOOK_PACKAGE) ? "hook:" + name : "service:" + name;
                    Enforcement.decide(caller, "osgi", target, "register");
                }
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code getService(reference)}: allowed when any of the service's names is granted {@code get}. */
    public static void getService(Object reference) {
        if (reference != null && Enforcement.enter()) {
            try {
                StackContext caller = Enforcement.context();
                if (!JdkCode.isFrameworkObject(reference)) {
                    // a ServiceReference an extension implemented itself would run its code in the guard
                    Enforcement.denyUntrustedArgument(caller, "osgi", reference, "get");
                }
                Object names = METHODS.get(reference.getClass()).call(OsgiMethods.PROPERTY, reference, "objectClass");
                decideAny(caller, names instanceof String[] array ? array : new String[] {String.valueOf(names)});
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** Every untrusted class of the context must be granted {@code get} on at least one of the names. */
    private static void decideAny(StackContext caller, String[] names) {
        for (int i = 0; i < caller.size(); i++) {
            decideAny(caller.get(i), names);
        }
    }

    private static void decideAny(Class<?> caller, String[] names) {
        SandboxDeniedException first = null;
        for (String name : names) {
            try {
                Enforcement.decideFor(caller, "osgi", "service:" + name, "get");
                return;
            } catch (SandboxDeniedException denied) {
                first = first == null ? denied : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void frameworkCheck(String name, String action) {
        if (Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "osgi", name, action);
            } finally {
                Enforcement.exit();
            }
        }
    }

    private static String bundleName(Object bundle) {
        OsgiMethods methods = METHODS.get(bundle.getClass());
        Object id = methods.call(OsgiMethods.BUNDLE_ID, bundle);
        if (id instanceof Long number && number == 0L) {
            return "framework";
        }
        Object symbolicName = methods.call(OsgiMethods.SYMBOLIC_NAME, bundle);
        return "bundle:" + (symbolicName != null ? symbolicName : methods.call(OsgiMethods.LOCATION, bundle));
    }

    /** The OSGi interface methods, looked up once per implementation class. */
    private static final class OsgiMethods {
        static final int BUNDLE_ID = 0;
        static final int SYMBOLIC_NAME = 1;
        static final int LOCATION = 2;
        static final int PROPERTY = 3;
        static final int BUNDLE_OF_LOADER = 4;
        private final Method[] methods;

        OsgiMethods(Method[] methods) {
            this.methods = methods;
        }

        /** Like {@link #call}, but null when the object does not implement the method's interface. */
        Object callIfPresent(int which, Object target) {
            return methods[which] == null ? null : call(which, target);
        }

        Object call(int which, Object target, Object... args) {
            Method method = methods[which];
            if (method == null) {
                throw new SandboxDeniedException("denied: class [" + target.getClass().getName()
                        + "], rule [not an org.osgi.framework object the sandbox can name]");
            }
            try {
                return method.invoke(target, args);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new SandboxDeniedException("denied: class [" + target.getClass().getName()
                        + "], rule [cannot name the OSGi object: " + e + "]");
            }
        }
    }

    private static final class OsgiMethodsOfClass extends ClassValue<OsgiMethods> {
        @Override
        protected OsgiMethods computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            Method[] methods = new Method[5];
            methods[OsgiMethods.BUNDLE_ID] = find(loader, "org.osgi.framework.Bundle", "getBundleId");
            methods[OsgiMethods.SYMBOLIC_NAME] = find(loader, "org.osgi.framework.Bundle", "getSymbolicName");
            methods[OsgiMethods.LOCATION] = find(loader, "org.osgi.framework.Bundle", "getLocation");
            methods[OsgiMethods.PROPERTY] = find(loader, "org.osgi.framework.ServiceReference", "getProperty", String.class);
            methods[OsgiMethods.BUNDLE_OF_LOADER] = find(loader, "org.osgi.framework.BundleReference", "getBundle");
            return new OsgiMethods(methods);
        }

        private static Method find(ClassLoader loader, String interfaceName, String name, Class<?>... parameters) {
            try {
                return Class.forName(interfaceName, false, loader).getMethod(name, parameters);
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
