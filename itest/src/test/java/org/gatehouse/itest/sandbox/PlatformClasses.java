package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Every class of the distribution's platform jars ({@link PlatformJars}), read from the jars
 * themselves, and how the running element's platform loads each: a bundle's class from its
 * installed bundle, a class of {@code lib/} from the boot class path (the bridge), the application
 * class path (Felix, the agent) or, for the launcher, a loader over its jar. Nothing is listed by
 * hand: a class the platform adds is here.
 */
final class PlatformClasses {

    /** One class of one jar, and the class as the platform has it (null when the platform cannot load it, with why). */
    record PlatformClass(Path jar, String name, Class<?> loaded, String whyNotLoaded) {
        String packageName() {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(0, dot);
        }
    }

    private PlatformClasses() {
    }

    static List<PlatformClass> of(List<Path> jars, DeputyFramework element) {
        List<PlatformClass> classes = new ArrayList<>();
        for (Path jar : jars) {
            ClassLoader libraryLoader = element.platformBundle(jar) == null ? libraryLoader(jar) : null;
            for (String name : classNames(jar)) {
                classes.add(load(jar, name, element, libraryLoader));
            }
        }
        return List.copyOf(classes);
    }

    /** Binary names of the classes of {@code jar}, without module and package descriptors and multi-release variants. */
    static List<String> classNames(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                String path = entry.getName();
                if (path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                        && !path.endsWith("package-info.class")) {
                    names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return names;
    }

    private static PlatformClass load(Path jar, String name, DeputyFramework element, ClassLoader libraryLoader) {
        try {
            Class<?> loaded = libraryLoader != null ? Class.forName(name, false, libraryLoader)
                    : element.platformBundle(jar).loadClass(name);
            return new PlatformClass(jar, name, loaded, null);
        } catch (ClassNotFoundException | LinkageError | IllegalStateException e) {
            return new PlatformClass(jar, name, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * How {@code lib/} is loaded in the element: the bridge by the boot loader, Felix and the agent
     * by the application loader (here: the test's class path and {@code -javaagent}), the launcher
     * by the application loader too (here: a loader over its jar, whose parent is the application loader).
     */
    private static ClassLoader libraryLoader(Path jar) {
        try {
            return new URLClassLoader(new URL[] {jar.toUri().toURL()}, PlatformClasses.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
