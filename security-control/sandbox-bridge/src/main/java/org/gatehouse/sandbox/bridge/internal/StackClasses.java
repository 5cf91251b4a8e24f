package org.gatehouse.sandbox.bridge.internal;

import java.lang.StackWalker.Option;
import java.lang.StackWalker.StackFrame;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The classes of the frames on the current stack, nearest first, without their methods: what
 * most checks need, at a fraction of a full stack walk's cost (docs/sandbox.md, "What a check
 * costs"). A full walk asks the VM for every frame's method; finding whose request an operation
 * is only needs classes, and only a denial is decided again on the methods (see
 * {@link CallerFinder}).
 *
 * <p>Every frame that may belong to code that is not the JDK's is in the snapshot, hidden frames
 * (an extension's lambdas) included. Frames of core reflection's and method-handle invocation
 * may be missing: they are JDK code that passes calls on, transparent to every decision. The
 * snapshot comes from the cheapest source this JVM offers that keeps this promise, chosen once
 * by probing it:
 * <ol>
 * <li>the VM's class context ({@code SecurityManager.getClassContext}, JDK 17 to 23): one native
 *     call that returns the classes only. Used when it shows a lambda's hidden frame; on later
 *     JDKs it hides them and is not used;</li>
 * <li>a stack walk that drops method information ({@code DROP_METHOD_INFO}, JDK 22 and later);</li>
 * <li>a full stack walk, where neither is available.</li>
 * </ol>
 */
final class StackClasses {
    private static final Walk WALK = new Walk();
    private static final Supplier<Class<?>[]> SOURCE = chooseSource();

    private StackClasses() {
    }

    /** The classes of the current stack's frames, nearest first (this class's frames included). */
    static Class<?>[] current() {
        return SOURCE.get();
    }

    /**
     * Gives the classes of the current stack's frames, nearest first, to {@code visitor} until it
     * answers false, and returns at least the classes it was given, in order (a prefix of
     * {@link #current}, or all of it). A walk stops there and reads no frame further down: a scan
     * that ends at a boundary costs the frames above the boundary, not the whole stack. The class
     * context is read whole by the VM, so from it the whole snapshot is returned.
     */
    static Class<?>[] visit(FrameVisitor visitor) {
        if (SOURCE instanceof Walk walk) {
            return walk.visit(visitor);
        }
        Class<?>[] classes = SOURCE.get();
        for (int i = 0; i < classes.length && visitor.visit(classes[i]); i++) {
            // the visitor decides where it ends
        }
        return classes;
    }

    /** What {@link #visit} gives the frames' classes to. */
    interface FrameVisitor {
        /** One frame's class, nearest first: false when no further frame is wanted. */
        boolean visit(Class<?> declaring);
    }

    /** Whether {@link #current} shows core reflection's frames (a walk does, the class context does not). */
    static boolean showsReflectionFrames() {
        return SOURCE == WALK;
    }

    /** Like {@link #current}, with core reflection's frames shown whatever the source. */
    static Class<?>[] withReflectionFrames() {
        return WALK.get();
    }

    /** The name of the source in use, for the sandbox's start-up log and the benchmarks. */
    static String sourceName() {
        return SOURCE.toString();
    }

    private static Supplier<Class<?>[]> chooseSource() {
        Supplier<Class<?>[]> classContext = ClassContext.create();
        if (classContext != null && showsHiddenFrames(classContext)) {
            return classContext;
        }
        return WALK;
    }

    /** Whether {@code source} sees the frame of a lambda (a hidden class) that calls it. */
    private static boolean showsHiddenFrames(Supplier<Class<?>[]> source) {
        Supplier<Class<?>[]> lambda = () -> source.get();
        Class<?>[] seen = lambda.get();
        return Arrays.asList(seen).contains(lambda.getClass()) && Arrays.asList(seen).contains(StackClasses.class);
    }

    /**
     * The VM's class context: reflection frames are left out, hidden frames shown on the JDKs
     * where the probe passes. {@code SecurityManager} is only subclassed for this protected
     * method, never installed; a JDK without the class or the method falls back to a walk.
     */
    @SuppressWarnings("removal")
    private static final class ClassContext extends SecurityManager implements Supplier<Class<?>[]> {
        static Supplier<Class<?>[]> create() {
            try {
                ClassContext context = new ClassContext();
                context.get();
                return context;
            } catch (RuntimeException | LinkageError unavailable) {
                return null;
            }
        }

        @Override
        public Class<?>[] get() {
            return getClassContext();
        }

        @Override
        public String toString() {
            return "class context";
        }
    }

    /** A stack walk of classes only: hidden frames shown, method information dropped where the JDK can. */
    private static final class Walk implements Supplier<Class<?>[]>, Function<Stream<StackFrame>, Class<?>[]> {
        private static final int FIRST_BATCH = 16;
        private final StackWalker walker;
        private final boolean methodInfoDropped;

        Walk() {
            Set<Option> options = EnumSet.of(Option.SHOW_HIDDEN_FRAMES, Option.RETAIN_CLASS_REFERENCE);
            Option drop = dropMethodInfo();
            if (drop != null) {
                options.add(drop);
            }
            // the first batch the VM fills: 16 frames hold the bridge's, the hooked JDK method's
            // and a few of the caller's, where a scan behind a boundary often ends; the default
            // (8) takes a second batch there, a larger one fills frames no scan reads (measured)
            walker = StackWalker.getInstance(options, FIRST_BATCH);
            methodInfoDropped = drop != null;
        }

        private static Option dropMethodInfo() {
            for (Option option : Option.values()) {
                if ("DROP_METHOD_INFO".equals(option.name())) {
                    return option;
                }
            }
            return null;
        }

        @Override
        public Class<?>[] get() {
            return walker.walk(this);
        }

        Class<?>[] visit(FrameVisitor visitor) {
            return walker.walk(new Visiting(visitor));
        }

        @Override
        public Class<?>[] apply(Stream<StackFrame> frames) {
            Class<?>[] classes = new Class<?>[32];
            int count = 0;
            Iterator<StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                if (count == classes.length) {
                    classes = Arrays.copyOf(classes, count * 2);
                }
                classes[count++] = it.next().getDeclaringClass();
            }
            return Arrays.copyOf(classes, count);
        }

        @Override
        public String toString() {
            return methodInfoDropped ? "stack walk without method information" : "stack walk";
        }
    }

    /**
     * One walk that stops when its visitor does: the frames below are never fetched. A named
     * class, not a lambda: this runs inside java.base hooks, where lambda bootstrap could recurse.
     */
    private static final class Visiting implements Function<Stream<StackFrame>, Class<?>[]> {
        private final FrameVisitor visitor;

        Visiting(FrameVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public Class<?>[] apply(Stream<StackFrame> frames) {
            Class<?>[] classes = new Class<?>[16];
            int count = 0;
            Iterator<StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                Class<?> declaring = it.next().getDeclaringClass();
                if (count == classes.length) {
                    classes = Arrays.copyOf(classes, count * 2);
                }
                classes[count++] = declaring;
                if (!visitor.visit(declaring)) {
                    break;
                }
            }
            return Arrays.copyOf(classes, count);
        }
    }
}
