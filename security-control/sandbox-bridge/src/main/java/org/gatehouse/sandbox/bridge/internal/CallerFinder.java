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
 * Finds whose request a sensitive operation is (the whole stack, docs/sandbox.md): scans the
 * classes of the stack's frames ({@link StackClasses}, hidden frames shown) and collects every
 * class the decider does not trust, one per class loader, nearest first. JDK code and this bridge
 * are transparent. A lambda or method reference of an extension is a hidden class in the
 * extension's loader, so {@code Optional.of(0).ifPresent(System::exit)} is the extension's, and
 * so is anything a platform class does while an extension's frame is below it: no platform class
 * can act for an extension by accident (a deputy).
 *
 * <p>The scan stops early at a boundary, and then the thread's inherited context does not count:
 * <ul>
 * <li>a {@code Privileged} frame: the first class below it that is not JDK code still counts
 *     (the code that vouched), nothing further down;</li>
 * <li>a class loader of the JDK or a framework call-out ({@code JdkCode.Kind.BOUNDARY}): trusted
 *     code acting for itself;</li>
 * <li>a static initializer met before the first untrusted frame: the class being initialized
 *     does its own work, whoever triggered it. A denial there would leave that class unusable for
 *     the whole process ({@code NoClassDefFoundError}), which an extension could otherwise cause
 *     on purpose. Seeing it takes method names, which cost the VM a lookup per frame, so this rule
 *     is applied only to a request that would otherwise be denied, by a walk of the frames above
 *     the first untrusted one ({@link #initializerAboveUntrusted}). It only ever takes classes
 *     out, so a request allowed without it is allowed with it.</li>
 * </ul>
 * When no boundary cut the scan, the classes inherited by the current thread (recorded when it
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
     * classes on the stack. When it holds untrusted classes it is provisional: the decision asks
     * {@link SandboxDecider#allows} first, and settles it with the static-initializer rule only
     * when something would be denied (see {@link StackContext#settled}).
     */
    static StackContext context(SandboxDecider decider) {
        StackScan scan = new StackScan(decider);
        // the scan stops the stack source at a boundary: a walk reads no frame below it
        return scan.context(StackClasses.visit(scan));
    }

    /** Like {@link #context(SandboxDecider)}, from a snapshot already taken. */
    static StackContext contextOf(SandboxDecider decider, Class<?>[] classes) {
        StackScan scan = new StackScan(decider);
        for (int i = 0; i < classes.length && scan.visit(classes[i]); i++) {
            // visit decides where the scan ends
        }
        return scan.context(classes);
    }

    /**
     * Whether a static initializer runs above the first untrusted frame of the current stack
     * (before any boundary): then the request is the initializing class's own. A JDK class's
     * initializer counts when no trusted class is above it (the JDK initializing itself, whoever
     * is below, the inherited context included); once a trusted class is above, any initializer
     * counts if an untrusted frame follows. Walks with method names only down to the first
     * untrusted frame.
     */
    static boolean initializerAboveUntrusted(SandboxDecider decider, Class<?>[] snapshot) {
        return !allInitializedAboveUntrusted(decider, snapshot) && WALKER.walk(new InitializerAbove(decider));
    }

    /**
     * Whether every class of the snapshot's frames down to the first untrusted one (the frames
     * {@link #initializerAboveUntrusted} would read) is fully initialized: then none of those
     * frames is a static initializer, and the walk with method names is not needed. The frames a
     * snapshot may leave out are core reflection's and method-handle adapters (see
     * {@link StackClasses}): the JDK initializes the former at start-up, reflection's generated
     * accessors have no static initializer, and the latter are not initializers.
     */
    static boolean allInitializedAboveUntrusted(SandboxDecider decider, Class<?>[] snapshot) {
        if (snapshot == null || !InitializationState.available()) {
            return false;
        }
        ClassLoader lastTrusted = NO_LOADER_YET;
        for (Class<?> declaring : snapshot) {
            switch (JdkCode.kindOf(declaring)) {
                case BRIDGE:
                    continue;
                case BOUNDARY:
                    return true;
                case JDK:
                case PRIVILEGED:
                    break;
                default:
                    ClassLoader loader = declaring.getClassLoader();
                    if (loader != lastTrusted && !decider.isTrusted(declaring)) {
                        return true;
                    }
                    lastTrusted = loader;
            }
            if (!InitializationState.known(declaring)) {
                return false;
            }
        }
        return true;
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

    /**
     * Like {@link #askerOf}, for a look at a class's members. When a JDK invoker of methods named
     * by data (java.beans' introspector and finders, the model MBean) is between the hooked method
     * and the first frame that is not JDK code, that frame named the class and asks, whichever of
     * the invoker's helpers (its caches, its finders) made the call: an invoker never looks up
     * members for itself. Otherwise the first frame that does not pass the request on asks.
     */
    static Class<?> memberAskerOf(Class<?> api) {
        Class<?> firstAsker = null;
        boolean invokerSeen = false;
        AskerFrames frames = new AskerFrames(StackClasses.current(), api);
        for (Class<?> declaring = frames.next(); declaring != null; declaring = frames.next()) {
            invokerSeen |= JdkCode.isReflectiveInvoker(declaring);
            if (!JdkCode.isTransparent(declaring)) {
                return invokerSeen || firstAsker == null ? declaring : firstAsker;
            }
            if (firstAsker == null && !JdkCode.isPassThrough(declaring)) {
                firstAsker = declaring;
            }
        }
        return firstAsker != null ? firstAsker : Object.class;
    }

    private static Class<?> askerIn(Class<?>[] classes, Class<?> api, boolean reflectionFramesShown) {
        boolean passedOn = false;
        AskerFrames frames = new AskerFrames(classes, api);
        for (Class<?> declaring = frames.next(); declaring != null; declaring = frames.next()) {
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

    /** The frames of a snapshot below the hooked method's one frame, the bridge's own left out. */
    private static final class AskerFrames {
        private final Class<?>[] classes;
        private final Class<?> api;
        private int index;
        private boolean hookedMethodSeen;

        AskerFrames(Class<?>[] classes, Class<?> api) {
            this.classes = classes;
            this.api = api;
        }

        /** The next frame's class, or null past the bottom of the stack. */
        Class<?> next() {
            while (index < classes.length) {
                Class<?> declaring = classes[index++];
                if (JdkCode.isBridge(declaring)) {
                    continue;
                }
                if (!hookedMethodSeen && declaring == api) {
                    hookedMethodSeen = true;
                    continue;
                }
                return declaring;
            }
            return null;
        }
    }

    /** Not a lambda: this runs inside java.base hooks, where lambda bootstrap could recurse. */
    private static final class StackScan implements StackClasses.FrameVisitor {
        private final SandboxDecider decider;
        Class<?>[] found = new Class<?>[4];
        int size;
        Class<?> nearest;
        boolean bounded;
        private boolean privilegedAbove;
        private ClassLoader lastTrusted = NO_LOADER_YET;
        /** Trust is decided per class loader: the loader of the last untrusted frame needs no second look. */
        private ClassLoader lastUntrusted = NO_LOADER_YET;

        StackScan(SandboxDecider decider) {
            this.decider = decider;
        }

        private void visitLoader(Class<?> declaring, ClassLoader loader) {
            if (loader == lastTrusted || decider.isTrusted(declaring)) {
                lastTrusted = loader;
                return;
            }
            lastUntrusted = loader;
            if (!StackContext.containsLoader(found, size, loader)) {
                if (size == found.length) {
                    found = Arrays.copyOf(found, size * 2);
                }
                found[size++] = declaring;
            }
        }

        /**
         * The context found, from {@code snapshot}: the classes the scan read, nearest first (all
         * of them down to where it ended), kept for the static-initializer rule, which reads no
         * further than the first untrusted frame.
         */
        StackContext context(Class<?>[] snapshot) {
            Class<?>[] inherited = bounded ? NO_CLASSES : ThreadCreators.contextOf(Thread.currentThread());
            return StackContext.provisional(nearest, found, size, inherited, decider, snapshot);
        }

        /** One frame's class, nearest first: false when the scan ends here. */
        @Override
        public boolean visit(Class<?> declaring) {
            switch (JdkCode.kindOf(declaring)) {
                case BRIDGE:
                case JDK:
                    return true;
                case PRIVILEGED:
                    privilegedAbove = true;
                    return true;
                case BOUNDARY:
                    bounded = true;
                    return false;
                default:
                    if (nearest == null) {
                        nearest = declaring;
                    }
                    ClassLoader loader = declaring.getClassLoader();
                    // a run of frames of one extension (its own calls, recursion) was found at its first frame
                    if (loader != lastUntrusted) {
                        visitLoader(declaring, loader);
                    }
                    if (privilegedAbove) {
                        bounded = true;
                        return false;
                    }
                    return true;
            }
        }
    }

    /** See {@link #initializerAboveUntrusted}; the same boundaries as {@link StackScan}. */
    private static final class InitializerAbove implements Function<Stream<StackFrame>, Boolean> {
        private final SandboxDecider decider;

        InitializerAbove(SandboxDecider decider) {
            this.decider = decider;
        }

        @Override
        public Boolean apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            boolean privilegedAbove = false;
            boolean trustedSeen = false;
            boolean initializerSeen = false;
            ClassLoader lastTrusted = NO_LOADER_YET;
            while (it.hasNext()) {
                StackFrame frame = it.next();
                Class<?> declaring = frame.getDeclaringClass();
                switch (JdkCode.kindOf(declaring)) {
                    case BRIDGE:
                        continue;
                    case PRIVILEGED:
                        privilegedAbove = true;
                        continue;
                    case BOUNDARY:
                        return Boolean.FALSE;
                    case JDK:
                        if (!initializerSeen && isStaticInitializer(frame)) {
                            if (!trustedSeen) {
                                return Boolean.TRUE;
                            }
                            initializerSeen = true;
                        }
                        continue;
                    default:
                        ClassLoader loader = declaring.getClassLoader();
                        if (loader != lastTrusted && !decider.isTrusted(declaring)) {
                            return initializerSeen;
                        }
                        lastTrusted = loader;
                        trustedSeen = true;
                        initializerSeen |= isStaticInitializer(frame);
                        if (privilegedAbove) {
                            return Boolean.FALSE;
                        }
                }
            }
            return Boolean.FALSE;
        }

        private static boolean isStaticInitializer(StackFrame frame) {
            return STATIC_INITIALIZER.equals(frame.getMethodName());
        }
    }
}
