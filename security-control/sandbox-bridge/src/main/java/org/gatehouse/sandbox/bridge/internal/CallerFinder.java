package org.gatehouse.sandbox.bridge.internal;

import java.lang.StackWalker.Option;
import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds who asked for a sensitive operation (SPEC 5.4): walks the stack with hidden and
 * reflection frames shown and returns the first class that is not JDK code. A lambda or method
 * reference of an extension is a hidden class in the extension's loader, so
 * {@code Optional.of(0).ifPresent(System::exit)} is attributed to the extension.
 *
 * <p>A JDK static initializer met before any other frame means the JDK is initializing one of its
 * own classes (ProcessImpl reading its launch mechanism, a lambda of java.base being linked): that
 * is JDK work, whoever triggered it, and a denial there would leave the JDK class unusable for
 * the whole process ({@code NoClassDefFoundError}). Such a request is attributed to {@code Object}.
 */
final class CallerFinder {
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(Option.SHOW_HIDDEN_FRAMES, Option.SHOW_REFLECT_FRAMES, Option.RETAIN_CLASS_REFERENCE));
    private static final String STATIC_INITIALIZER = "<clinit>";
    private static final FirstOpaqueFrame SKIP_JDK = new FirstOpaqueFrame(false);
    private static final FirstOpaqueFrame SKIP_JDK_AND_FRAMEWORK = new FirstOpaqueFrame(true);

    private CallerFinder() {
    }

    static Class<?> caller(boolean frameworkTransparent) {
        Class<?> found = WALKER.walk(frameworkTransparent ? SKIP_JDK_AND_FRAMEWORK : SKIP_JDK);
        if (found != null) {
            return found == JdkInitialization.class ? Object.class : found;
        }
        Class<?> creator = ThreadCreators.creatorOf(Thread.currentThread());
        return creator != null ? creator : Object.class;
    }

    /**
     * The class that called into {@code api} directly: the first frame below the bridge and
     * {@code api}'s own frames, hidden frames included. For checks that leave the JDK's own use
     * of an API alone (the lambda metafactory defining hidden classes through a Lookup).
     */
    static Class<?> immediateCallerOf(Class<?> api) {
        return WALKER.walk(new ImmediateCaller(api));
    }

    private static final class ImmediateCaller implements Function<Stream<StackFrame>, Class<?>> {
        private final Class<?> api;

        ImmediateCaller(Class<?> api) {
            this.api = api;
        }

        @Override
        public Class<?> apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                Class<?> declaring = it.next().getDeclaringClass();
                if (declaring != api && !JdkCode.isBridge(declaring)) {
                    return declaring;
                }
            }
            return Object.class;
        }
    }

    /** Not a lambda: this runs inside java.base hooks, where lambda bootstrap could recurse. */
    private static final class FirstOpaqueFrame implements Function<Stream<StackFrame>, Class<?>> {
        private final boolean frameworkTransparent;

        FirstOpaqueFrame(boolean frameworkTransparent) {
            this.frameworkTransparent = frameworkTransparent;
        }

        @Override
        public Class<?> apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                StackFrame frame = it.next();
                Class<?> declaring = frame.getDeclaringClass();
                JdkCode.Kind kind = JdkCode.kindOf(declaring);
                if (!JdkCode.isTransparent(kind, frameworkTransparent)) {
                    return declaring;
                }
                // the method name costs a member lookup: only asked of JDK frames, not the bridge's own
                if (kind == JdkCode.Kind.JDK && STATIC_INITIALIZER.equals(frame.getMethodName())) {
                    return JdkInitialization.class;
                }
            }
            return null;
        }
    }

    /** Marks a walk that reached a JDK static initializer first. */
    private static final class JdkInitialization {
    }
}
