package org.gatehouse.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;

/** Defines {@link ExtensionActions} itself (child first), standing in for an extension bundle's loader. */
final class ExtensionLoader extends ClassLoader {
    private static final String ACTIONS = ExtensionActions.class.getName();

    ExtensionLoader() {
        super("extension", ExtensionLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(ACTIONS) && !name.startsWith(ACTIONS + "$")) {
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
            throw new ClassNotFoundException(name, e);
        }
    }
}
