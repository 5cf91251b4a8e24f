package org.gatehouse.sandbox.bridge.internal;

import java.lang.StackWalker.Option;
import java.lang.StackWalker.StackFrame;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gatehouse.sandbox.bridge.SandboxDecider;

/**
 * Finds whose request a sensitive operation is (the whole stack, SANDBOX-NOTES): walks the
 * stack with hidden and reflection frames shown and collects every class the decider does not
 * trust, one per class loader, nearest first. JDK code and this bridge are transparent. A
 * lambda or method reference of an extension is a hidden class in the extension's loader, so
 * {@code Optional.of(0).ifPresent(System::exit)} is the extension's, and so is anything a
 * platform class does while an extension's frame is below it: no platform class can act for an
 * extension by accident (a deputy).
 *
 * <p>The walk stops early at a boundary, and then the thread's inherited context does not count:
 * <ul>
 * <li>a {@code Privileged} frame: the first class below it that is not JDK code still counts
 *     (the code that vouched), nothing further down;</li>
 * <li>a class loader of the JDK or a framework call-out ({@code JdkCode.Kind.BOUNDARY}): trusted
 *     code acting for itself;</li>
 * <li>a static initializer met before the first untrusted frame: the class being initialized
 *     does its own work, whoever triggered it. A denial there would leave that class unusable for
 *     the whole process ({@code NoClassDefFoundError}), which an extension could otherwise cause
 *     on purpose. For JDK frames this is seen on the way; for trusted platform frames a second,
 *     short walk looks only when an untrusted frame follows them (method names cost a lookup).</li>
 * </ul>
 * When no boundary cut the walk, the classes inherited by the current thread (recorded when it
 * was started, see {@link ThreadCreators}) are added, as the SecurityManager added the inherited
 * access control context.
 */
final class CallerFinder {
    /** Hidden frames shown (an extension's lambdas are its own); reflection frames come with them. */
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(Option.SHOW_HIDDEN_FRAMES, Option.RETAIN_CLASS_REFERENCE));
    private static final String STATIC_INITIALIZER = "<clinit>";
    private static final ClassLoader NO_LOADER_YET = new ClassLoader(null) {
    };

    private CallerFinder() {
    }

    /**
     * The context of the current stack, for a decider that may trust some classes, from the
     * classes on the stack only ({@link StackClasses}). When it holds untrusted classes it is
     * provisional: the static-initializer rules need method names, and can only narrow it, so
     * the decision asks {@link SandboxDecider#allows} first and settles it on {@link #exactContext}
     * only when something would be denied.
     */
    static StackContext context(SandboxDecider decider) {
        return contextOf(decider, StackClasses.current());
    }

    /** Like {@link #context(SandboxDecider)}, from a snapshot already taken. */
    static StackContext contextOf(SandboxDecider decider, Class<?>[] classes) {
        StackWalk walk = new StackWalk(decider);
        for (int i = 0; i < classes.length && walk.visit(classes[i], null, i + 1); i++) {
            // visit decides when the walk ends
        }
        Class<?>[] inherited = walk.bounded ? NO_CLASSES : ThreadCreators.contextOf(Thread.currentThread());
        return StackContext.provisional(walk.nearest, walk.found, walk.size, inherited, decider);
    }

    /** The context of the current stack with every rule applied, method names included: what a denial is decided on. */
    static StackContext exactContext(SandboxDecider decider) {
        StackWalk walk = new StackWalk(decider);
        WALKER.walk(walk);
        if (walk.untrustedDepth > 0 && walk.trustedBeforeUntrusted && WALKER.walk(new InitializerAbove(walk.untrustedDepth))) {
            return StackContext.TRUSTED; // a trusted class's static initializer runs above the untrusted frames
        }
        if (walk.jdkInitialization) {
            return StackContext.TRUSTED;
        }
        Class<?>[] inherited = walk.bounded ? NO_CLASSES : ThreadCreators.contextOf(Thread.currentThread());
        return StackContext.found(walk.nearest, walk.found, walk.size, inherited);
    }

    private static final Class<?>[] NO_CLASSES = new Class<?>[0];

    /**
     * The class that called into {@code api} directly: the first frame below the bridge,
     * {@code api}'s own frames and core reflection (a reflective call is the caller's, as the JDK
     * reports it), hidden frames included. For checks that leave the JDK's own use
     * of an API alone (the lambda metafactory defining hidden classes through a Lookup).
     */
    static Class<?> immediateCallerOf(Class<?> api) {
        for (Class<?> declaring : StackClasses.current()) {
            if (declaring != api && !JdkCode.isBridge(declaring) && !JdkCode.isCoreReflection(declaring)) {
                return declaring;
            }
        }
        return Object.class;
    }

    /**
     * The code that asked for a value the JDK hands out (a property, a class loader, a class's
     * members): the first frame below the bridge and the hooked method that is not reflection or
     * method-handle machinery, a JDK invoker of methods named by data (java.beans), or one of the
     * JDK's pass-through readers ({@code Integer.getInteger}...). JDK code found there is the JDK
     * reading for itself, as it did in {@code doPrivileged}; anything else is the asker.
     */
    static Class<?> askerOf(Class<?> api) {
        return askerIn(StackClasses.current(), api);
    }

    /**
     * Like {@link #askerOf}, in a snapshot already taken. Past the bridge's frames, the first
     * frame is the hooked method itself ({@code api}'s); then pass-through frames; the next frame
     * asked. Only that one frame of {@code api} is skipped: a JDK method that calls the hooked one
     * (a Thread constructor reading its parent's context class loader) is the JDK asking for itself.
     */
    static Class<?> askerIn(Class<?>[] classes, Class<?> api) {
        return askerIn(classes, api, StackClasses.showsReflectionFrames());
    }

    private static Class<?> askerIn(Class<?>[] classes, Class<?> api, boolean reflectionFramesShown) {
        boolean hookedMethodSeen = false;
        boolean passedOn = false;
        for (Class<?> declaring : classes) {
            if (JdkCode.isBridge(declaring)) {
                continue;
            }
            if (!hookedMethodSeen && declaring == api) {
                hookedMethodSeen = true;
                continue;
            }
            // a JDK invoker that calls the hooked method in its own code (java.beans finding a
            // class loader for its lookups) asks for itself; reached through a reflective call
            // or a method handle, it passes on what someone told it to call
            boolean invoker = JdkCode.isReflectiveInvoker(declaring);
            if (invoker && !passedOn && !reflectionFramesShown) {
                // without reflection's frames, a reflective call into the hooked method looks direct
                return askerIn(StackClasses.withReflectionFrames(), api, true);
            }
            if (!JdkCode.isPassThrough(declaring) || invoker && !passedOn) {
                return declaring;
            }
            passedOn = true;
        }
        return Object.class;
    }

    /** Not a lambda: this runs inside java.base hooks, where lambda bootstrap could recurse. */
    private static final class StackWalk implements Function<Stream<StackFrame>, Void> {
        private final SandboxDecider decider;
        Class<?>[] found = new Class<?>[4];
        int size;
        Class<?> nearest;
        boolean bounded;
        boolean jdkInitialization;
        boolean trustedBeforeUntrusted;
        int untrustedDepth;
        private boolean privilegedAbove;
        private ClassLoader lastTrusted = NO_LOADER_YET;

        StackWalk(SandboxDecider decider) {
            this.decider = decider;
        }

        @Override
        public Void apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            int depth = 0;
            while (it.hasNext()) {
                StackFrame frame = it.next();
                if (!visit(frame.getDeclaringClass(), frame, ++depth)) {
                    return null;
                }
            }
            return null;
        }

        /**
         * One frame, nearest first: false when the walk ends here. {@code frame} is null in a
         * walk of classes only, where the static-initializer rule cannot be seen.
         */
        boolean visit(Class<?> declaring, StackFrame frame, int depth) {
            switch (JdkCode.kindOf(declaring)) {
                case BRIDGE:
                    return true;
                case PRIVILEGED:
                    privilegedAbove = true;
                    return true;
                case BOUNDARY:
                    bounded = true;
                    return false;
                case JDK:
                    // the method name costs a member lookup: only until the first untrusted frame
                    if (frame != null && size == 0 && !trustedBeforeUntrusted && STATIC_INITIALIZER.equals(frame.getMethodName())) {
                        jdkInitialization = true;
                        return false;
                    }
                    return true;
                default:
                    if (nearest == null) {
                        nearest = declaring;
                    }
                    ClassLoader loader = declaring.getClassLoader();
                    if (loader == lastTrusted || decider.isTrusted(declaring)) {
                        lastTrusted = loader;
                        trustedBeforeUntrusted |= size == 0;
                    } else if (!StackContext.containsLoader(found, size, loader)) {
                        add(declaring, depth);
                    }
                    if (privilegedAbove) {
                        bounded = true;
                        return false;
                    }
                    return true;
            }
        }

        private void add(Class<?> untrusted, int depth) {
            if (size == 0) {
                untrustedDepth = depth;
            }
            if (size == found.length) {
                found = Arrays.copyOf(found, size * 2);
            }
            found[size++] = untrusted;
        }
    }

    /** Whether a static initializer runs in the first {@code depth - 1} frames (above the first untrusted one). */
    private static final class InitializerAbove implements Function<Stream<StackFrame>, Boolean> {
        private final int depth;

        InitializerAbove(int depth) {
            this.depth = depth;
        }

        @Override
        public Boolean apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            for (int i = 1; i < depth && it.hasNext(); i++) {
                StackFrame frame = it.next();
                if (!JdkCode.isBridge(frame.getDeclaringClass()) && STATIC_INITIALIZER.equals(frame.getMethodName())) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
    }
}
