package org.gatehouse.sandbox.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs one action of an actions class either as the extension (the class defined by an
 * {@link ExtensionLoader}) or as trusted code (the same class from the test's own loader).
 */
final class Extension {
    private final Class<?> actions;

    private Extension(Class<?> actions) {
        this.actions = actions;
    }

    static Extension untrusted(Class<?> actions) {
        try {
            return new Extension(new ExtensionLoader(actions).loadClass(actions.getName()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static Extension trusted(Class<?> actions) {
        return new Extension(actions);
    }

    /** The class loader of the actions: the extension's, or the test's own for trusted code. */
    ClassLoader actionsLoader() {
        return actions.getClassLoader();
    }

    /** Calls the named action; its own exception is thrown as is. */
    Object run(String action, Object... arguments) throws Exception {
        Method method = Arrays.stream(actions.getMethods()).filter(m -> m.getName().equals(action)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no action " + action));
        try {
            return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
