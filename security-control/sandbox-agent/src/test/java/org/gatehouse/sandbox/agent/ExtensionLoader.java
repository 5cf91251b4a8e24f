package org.gatehouse.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;

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
