package org.gatehouse.extension.descriptor;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;

/**
 * Builds a bladelet instance the one way the element does: load the class the descriptor
 * names from the extension's class loader, check that it implements its kind's interface, and
 * call its public constructor taking one {@link BladeletContext}. Nothing else is called, so an
 * extension's code runs only where the sandbox expects it.
 *
 * <pre>{@code
 * Object step = BladeletFactory.create(bundleLoader, descriptor, context);
 * }</pre>
 */
public final class BladeletFactory {
    private BladeletFactory() {
    }

    /** Checks the class without building an instance: the upload-time check. */
    public static Constructor<?> constructorOf(ClassLoader loader, BladeletDescriptor descriptor) throws BladeletCreationException {
        String what = "bladelet '" + descriptor.name() + "': class " + descriptor.className();
        Class<?> type;
        try {
            // do not initialize: static initializers are extension code and run later, in the sandbox, at first use
            type = Class.forName(descriptor.className(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BladeletCreationException(what + " cannot be loaded from the extension: " + e, e);
        }
        Class<?> contract = descriptor.kind().contract();
        if (!contract.isAssignableFrom(type)) {
            throw new BladeletCreationException(what + " does not implement " + contract.getName()
                    + ", which kind " + descriptor.kind().xmlName() + " needs");
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new BladeletCreationException(what + " must be a public, concrete class");
        }
        try {
            return type.getConstructor(BladeletContext.class);
        } catch (NoSuchMethodException e) {
            throw new BladeletCreationException(what + " has no public constructor taking one " + BladeletContext.class.getName());
        }
    }

    /** Builds an instance; the caller casts it to {@code descriptor.kind().contract()}. */
    public static Object create(ClassLoader loader, BladeletDescriptor descriptor, BladeletContext context)
            throws BladeletCreationException {
        Constructor<?> constructor = constructorOf(loader, descriptor);
        try {
            return constructor.newInstance(context);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new BladeletCreationException("bladelet '" + descriptor.name() + "': constructor of " + descriptor.className()
                    + " threw " + cause, cause);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new BladeletCreationException("bladelet '" + descriptor.name() + "': cannot build " + descriptor.className()
                    + ": " + e, e);
        }
    }
}
