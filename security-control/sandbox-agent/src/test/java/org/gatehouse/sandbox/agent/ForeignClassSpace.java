package org.gatehouse.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A trusted class space the extension cannot resolve: a second copy of {@link HostSecrets}
 * defined by a loader of its own (a platform bundle, in the element). The extension's loader
 * resolves the name to the test's own copy, so the object it is handed is of a class outside its
 * class space.
 */
final class ForeignClassSpace extends ClassLoader {
    private ForeignClassSpace() {
        super("platform-bundle", ForeignClassSpace.class.getClassLoader());
    }

    /** An object of the foreign copy of {@code ForeignValue}. */
    static Object newInstance() throws Exception {
        return new ForeignClassSpace().loadClass(ForeignValue.class.getName()).getConstructor().newInstance();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(ForeignValue.class.getName())) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The class whose foreign copy is handed over. */
    public static final class ForeignValue {
        public ForeignValue() {
        }

        public String secret() {
            return "platform";
        }
    }
}
