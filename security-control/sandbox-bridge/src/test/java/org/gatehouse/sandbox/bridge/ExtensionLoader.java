package org.gatehouse.sandbox.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Defines the named test classes itself (child first), standing in for an extension bundle's loader. */
final class ExtensionLoader extends ClassLoader {
    private final String className;

    ExtensionLoader(String className) {
        super("extension", ExtensionLoader.class.getClassLoader());
        this.className = className;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(className) && !name.startsWith(className + "$")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            return loaded != null ? loaded : define(name);
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
