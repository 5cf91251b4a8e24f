package org.gatehouse.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.gatehouse.sandbox.bridge.Privileged;

/**
 * Defines one actions class (and its nested classes) itself, child first, standing in for an
 * extension bundle's loader; everything else comes from the test's own loader (the platform).
 */
final class ExtensionLoader extends ClassLoader {
    private final String actions;

    ExtensionLoader(Class<?> actions) {
        super("extension", ExtensionLoader.class.getClassLoader());
        this.actions = actions.getName();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(actions) && !name.startsWith(actions + "$")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            return loaded != null ? loaded : define(name);
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        byte[] bytes = Privileged.get(() -> classBytes(name));
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /**
     * Reads the class file behind a privileged boundary: the extension whose code made the JVM
     * load this class is below on the stack, and a loader reads its own classes for itself (the
     * framework's bundle class loader is such a boundary in the element).
     */
    private byte[] classBytes(String name) {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
