package org.gatehouse.sandbox.bridge.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Which packages a bundle's class loader imports, read from its wiring through the
 * {@code org.osgi.framework} interfaces of the framework's own loader (the bridge cannot name
 * OSGi types). Asking a bundle loader to load a class is not enough to tell what the bundle can
 * see: the framework's implicit boot delegation answers a load started by code outside any bundle
 * (this bridge) from the class path the framework itself came from.
 */
final class BundleImports {
    private static final String PACKAGE_NAMESPACE = "osgi.wiring.package";

    private BundleImports() {
    }

    /**
     * Whether the bundle of {@code loader} imports {@code packageName}; null when {@code loader} is
     * not a bundle class loader of the framework on the application class path.
     */
    static Boolean imports(ClassLoader loader, String packageName) {
        if (!JdkCode.isFrameworkObject(loader)) {
            return null;
        }
        try {
            ClassLoader framework = loader.getClass().getClassLoader();
            Class<?> reference = Class.forName("org.osgi.framework.BundleReference", false, framework);
            if (!reference.isInstance(loader)) {
                return null;
            }
            Object bundle = reference.getMethod("getBundle").invoke(loader);
            Class<?> wiringType = Class.forName("org.osgi.framework.wiring.BundleWiring", false, framework);
            Object wiring = Class.forName("org.osgi.framework.Bundle", false, framework).getMethod("adapt", Class.class)
                    .invoke(bundle, wiringType);
            if (wiring == null) {
                return Boolean.FALSE;
            }
            List<?> wires = (List<?>) wiringType.getMethod("getRequiredWires", String.class).invoke(wiring, PACKAGE_NAMESPACE);
            Method capability = Class.forName("org.osgi.framework.wiring.BundleWire", false, framework).getMethod("getCapability");
            Method attributes = Class.forName("org.osgi.resource.Capability", false, framework).getMethod("getAttributes");
            for (Object wire : wires == null ? List.of() : wires) {
                Map<?, ?> attrs = (Map<?, ?>) attributes.invoke(capability.invoke(wire));
                if (packageName.equals(attrs.get(PACKAGE_NAMESPACE))) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException | InvocationTargetException
                | ClassCastException | LinkageError e) {
            return Boolean.FALSE; // what cannot be read is not visible
        }
    }
}
