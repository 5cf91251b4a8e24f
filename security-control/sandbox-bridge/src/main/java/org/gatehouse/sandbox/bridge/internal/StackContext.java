package org.gatehouse.sandbox.bridge.internal;

import java.util.Arrays;

/**
 * What one check is decided against: the untrusted classes found on the stack (one per class
 * loader, nearest the operation first) and, when no boundary cut the walk short, those the
 * current thread inherited from the stack that started it. Empty means only JDK and trusted code
 * asked: allowed without asking the decider.
 */
final class StackContext {
    private static final Class<?>[] NONE = new Class<?>[0];
    static final StackContext TRUSTED = new StackContext(null, NONE, 0);

    private final Class<?> nearest;
    private final Class<?>[] untrusted;
    private final int size;

    private StackContext(Class<?> nearest, Class<?>[] untrusted, int size) {
        this.nearest = nearest;
        this.untrusted = untrusted;
        this.size = size;
    }

    /** A context of exactly these untrusted classes (a recorded creator context). */
    static StackContext of(Class<?>[] classes) {
        return classes.length == 0 ? TRUSTED : new StackContext(classes[0], classes, classes.length);
    }

    /**
     * The context a walk found: {@code untrusted[0..size)} and, when not {@code bounded}, the
     * current thread's inherited classes of loaders not already present.
     */
    static StackContext found(Class<?> nearest, Class<?>[] untrusted, int size, Class<?>[] inherited) {
        Class<?>[] all = untrusted;
        int count = size;
        for (Class<?> c : inherited) {
            if (!containsLoader(all, count, c.getClassLoader())) {
                if (count == all.length) {
                    all = Arrays.copyOf(all, Math.max(4, count * 2));
                }
                all[count++] = c;
            }
        }
        return count == 0 && nearest == null ? TRUSTED : new StackContext(nearest, all, count);
    }

    static boolean containsLoader(Class<?>[] classes, int count, ClassLoader loader) {
        for (int i = 0; i < count; i++) {
            if (classes[i].getClassLoader() == loader) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    Class<?> get(int index) {
        return untrusted[index];
    }

    boolean containsLoader(ClassLoader loader) {
        return containsLoader(untrusted, size, loader);
    }

    /** The class a denial names: the nearest untrusted class, else the nearest class that is not JDK code, else Object. */
    Class<?> named() {
        return size > 0 ? untrusted[0] : nearest != null ? nearest : Object.class;
    }

    /** The untrusted classes, for a thread about to start (its inherited context). */
    Class<?>[] untrustedClasses() {
        return size == 0 ? NONE : Arrays.copyOf(untrusted, size);
    }
}
