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
 */
final class CallerFinder {
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(Option.SHOW_HIDDEN_FRAMES, Option.SHOW_REFLECT_FRAMES, Option.RETAIN_CLASS_REFERENCE));
    private static final FirstOpaqueFrame SKIP_JDK = new FirstOpaqueFrame(false);
    private static final FirstOpaqueFrame SKIP_JDK_AND_FRAMEWORK = new FirstOpaqueFrame(true);

    private CallerFinder() {
    }

    static Class<?> caller(boolean frameworkTransparent) {
        Class<?> found = WALKER.walk(frameworkTransparent ? SKIP_JDK_AND_FRAMEWORK : SKIP_JDK);
        if (found != null) {
            return found;
        }
        Class<?> creator = ThreadCreators.creatorOf(Thread.currentThread());
        return creator != null ? creator : Object.class;
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
                Class<?> declaring = it.next().getDeclaringClass();
                if (!JdkCode.isTransparent(declaring, frameworkTransparent)) {
                    return declaring;
                }
            }
            return null;
        }
    }
}
