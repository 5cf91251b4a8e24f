package org.gatehouse.sandbox.bridge.internal;

import java.util.Arrays;
import org.gatehouse.sandbox.bridge.SandboxDecider;

/**
 * What one check is decided against: the untrusted classes found on the stack (one per class
 * loader, nearest the operation first) and, when no boundary cut the walk short, those the
 * current thread inherited from the stack that started it. Empty means only JDK and trusted code
 * asked: allowed without asking the decider.
 *
 * <p>A context found from the stack's classes only is provisional (see {@link CallerFinder}):
 * {@link #allowedAsFound} asks the decider's side-effect-free {@link SandboxDecider#allows}
 * about it; everything else about it ({@link #size}, {@link #get}, {@link #named}...) is
 * answered by the exact context, computed once when first needed: the same classes, or none when a
 * static initializer runs above them ({@code CallerFinder.initializerAboveUntrusted}).
 */
final class StackContext {
    private static final Class<?>[] NONE = new Class<?>[0];
    static final StackContext TRUSTED = new StackContext(null, NONE, 0, null);

    private final Class<?> nearest;
    private final Class<?>[] untrusted;
    private final int size;
    /** Non-null while provisional: the decider whose exact context replaces this one. */
    private final SandboxDecider settleWith;
    /** While provisional: the snapshot of the stack's classes it was found in, or null. */
    private final Class<?>[] snapshot;
    private StackContext exact;

    private StackContext(Class<?> nearest, Class<?>[] untrusted, int size, SandboxDecider settleWith) {
        this(nearest, untrusted, size, settleWith, null);
    }

    private StackContext(Class<?> nearest, Class<?>[] untrusted, int size, SandboxDecider settleWith,
            Class<?>[] snapshot) {
        this.nearest = nearest;
        this.untrusted = untrusted;
        this.size = size;
        this.settleWith = settleWith;
        this.snapshot = snapshot;
    }

    /** A context of exactly these untrusted classes (a recorded creator context). */
    static StackContext of(Class<?>[] classes) {
        return classes.length == 0 ? TRUSTED : new StackContext(classes[0], classes, classes.length, null);
    }

    /**
     * The context a scan of the stack's classes found: {@code untrusted[0..size)} and, when not
     * {@code bounded}, the current thread's inherited classes of loaders not already present.
     * Provisional when anything is untrusted; an empty one is exact, since the rule the scan could
     * not see only ever takes classes out. {@code snapshot} is the stack's classes the scan read.
     */
    static StackContext provisional(Class<?> nearest, Class<?>[] untrusted, int size, Class<?>[] inherited,
            SandboxDecider settleWith, Class<?>[] snapshot) {
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
        if (count == 0) {
            return nearest == null ? TRUSTED : new StackContext(nearest, all, 0, null);
        }
        return new StackContext(nearest, all, count, settleWith, snapshot);
    }

    /**
     * True when the decider allows {@code type name actions} to every class as found, without a
     * side effect: the request is allowed. False means nothing yet: decide on {@link #settled()}.
     * Classes of {@code own} are not asked (see {@code Enforcement.decide}).
     */
    boolean allowedAsFound(String type, String name, String actions, ClassLoader own) {
        if (settleWith == null) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            Class<?> c = untrusted[i];
            if ((own == null || c.getClassLoader() != own) && !settleWith.allows(c, type, name, actions)) {
                return false;
            }
        }
        return true;
    }

    /** This context with every rule applied: itself unless provisional. */
    StackContext settled() {
        if (settleWith == null) {
            return this;
        }
        if (exact == null) {
            exact = CallerFinder.initializerAboveUntrusted(settleWith, snapshot) ? TRUSTED : new StackContext(nearest, untrusted, size, null);
        }
        return exact;
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
        return settled().size == 0;
    }

    int size() {
        return settled().size;
    }

    Class<?> get(int index) {
        return settled().untrusted[index];
    }

    boolean containsLoader(ClassLoader loader) {
        StackContext exactContext = settled();
        return containsLoader(exactContext.untrusted, exactContext.size, loader);
    }

    /** The class a denial names: the nearest untrusted class, else the nearest class that is not JDK code, else Object. */
    Class<?> named() {
        StackContext c = settled();
        return c.size > 0 ? c.untrusted[0] : c.nearest != null ? c.nearest : Object.class;
    }

    /** The untrusted classes, for a thread about to start (its inherited context). */
    Class<?>[] untrustedClasses() {
        StackContext c = settled();
        return c.size == 0 ? NONE : Arrays.copyOf(c.untrusted, c.size);
    }
}
