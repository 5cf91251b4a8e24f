package org.gatehouse.runtime.boot;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Reads the state of the platform's Declarative Services components from SCR's
 * {@code ServiceComponentRuntime} service (OSGi Compendium 112.9). The launcher lives outside
 * the framework and does not share the DS API classes with the bundles, so it reaches the
 * service and its DTOs by reflection over their public methods and fields, loaded from the
 * class space of the SCR bundle.
 *
 * <pre>{@code
 * for (ComponentState component : new ComponentStates(context).of(platformBundles)) { ... }
 * }</pre>
 */
final class ComponentStates {
    static final String RUNTIME_SERVICE = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    // ComponentConfigurationDTO states (DS 1.4, 112.9.4)
    static final int UNSATISFIED_CONFIGURATION = 1;
    static final int UNSATISFIED_REFERENCE = 2;
    static final int FAILED_ACTIVATION = 16;

    /** One component configuration: which component of which bundle, its state and why. */
    record ComponentState(String bundle, String component, int state, String failure, List<String> unsatisfiedReferences) {
        ComponentState {
            unsatisfiedReferences = List.copyOf(unsatisfiedReferences);
        }

        boolean failed() {
            return state == FAILED_ACTIVATION;
        }

        boolean waitingForReferences() {
            return state == UNSATISFIED_REFERENCE;
        }

        String name() {
            return "component " + component + " of " + bundle;
        }
    }

    private final BundleContext system;

    ComponentStates(BundleContext system) {
        this.system = system;
    }

    /** The configurations of every enabled component of these bundles; empty when SCR is absent. */
    List<ComponentState> of(List<Bundle> bundles) {
        ServiceReference<?> reference = runtimeReference();
        if (reference == null) {
            return List.of();
        }
        Object runtime = system.getService(reference);
        if (runtime == null) {
            return List.of();
        }
        try {
            Class<?> api = reference.getBundle().loadClass(RUNTIME_SERVICE);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method configurations = method(api, "getComponentConfigurationDTOs");
            List<ComponentState> states = new ArrayList<>();
            Object described = descriptions.invoke(runtime, (Object) bundles.toArray(new Bundle[0]));
            for (Object description : (Collection<?>) described) {
                String component = (String) field(description, "name");
                String bundle = (String) field(field(description, "bundle"), "symbolicName");
                for (Object configuration : (Collection<?>) configurations.invoke(runtime, description)) {
                    states.add(new ComponentState(bundle, component, (Integer) field(configuration, "state"),
                            (String) field(configuration, "failure"), unsatisfied(configuration)));
                }
            }
            return states;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read component states from " + RUNTIME_SERVICE + ": " + rootCause(e), e);
        } finally {
            system.ungetService(reference);
        }
    }

    private ServiceReference<?> runtimeReference() {
        try {
            // getAll...: the launcher's class space has no DS API, so the filtered lookup would hide it
            ServiceReference<?>[] references = system.getAllServiceReferences(RUNTIME_SERVICE, null);
            return references == null ? null : references[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter is given", e);
        }
    }

    private static List<String> unsatisfied(Object configuration) throws ReflectiveOperationException {
        Object references = field(configuration, "unsatisfiedReferences");
        List<String> names = new ArrayList<>();
        for (int i = 0; references != null && i < Array.getLength(references); i++) {
            Object reference = Array.get(references, i);
            Object target = field(reference, "target");
            names.add(field(reference, "name") + (target == null ? "" : " " + target));
        }
        return names;
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        return cause;
    }
}
