package org.gatehouse.bench.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;

/**
 * Stands for an extension bundle's class loader: defines the classes of
 * {@code org.gatehouse.bench.sandbox.extension} itself (child first, from the parent's class files)
 * in a protection domain of its own code source, {@link #CODE_SOURCE}. The sandbox attributes
 * them by this loader's identity; the SecurityManager's {@code java.policy} grants by that code
 * source. Everything else comes from the parent.
 */
final class ExtensionClassLoader extends ClassLoader {
    /** Where the extension's code "comes from": only a name for the java.policy grant, never read. */
    static final String CODE_SOURCE = "file:/gatehouse-bench/extension/";
    static final String PACKAGE = "org.gatehouse.bench.sandbox.extension.";

    private final ProtectionDomain domain;

    ExtensionClassLoader(ClassLoader parent) {
        super("gatehouse-bench-extension", parent);
        try {
            // the four-argument form: the installed Policy is asked on every check, as for a real code source
            this.domain = new ProtectionDomain(new CodeSource(new URL(CODE_SOURCE), (Certificate[]) null), null, this, null);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(CODE_SOURCE, e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PACKAGE)) {
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
                throw new ClassNotFoundException(name + ": no class file on the benchmark's class path");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, domain);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class file of " + name, e);
        }
    }

    /** A new instance of an extension class, defined by this loader. */
    <T> T instance(Class<?> onClassPath, Class<T> as) {
        try {
            Class<?> defined = loadClass(onClassPath.getName());
            return as.cast(defined.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate extension class " + onClassPath.getName(), e);
        }
    }
}
