package org.gatehouse.sandbox.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.StackWalker.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The cheap snapshot of the stack's classes holds every class a full walk with hidden frames
 * shows, but for the JDK's reflection and method-handle frames; and on JDK 17 it is the VM's
 * class context, while JDKs that hide lambdas from that context use a walk.
 */
class StackClassesTest {
    private static final StackWalker FULL = StackWalker.getInstance(Set.of(Option.SHOW_HIDDEN_FRAMES, Option.RETAIN_CLASS_REFERENCE));

    @Test
    void theSnapshotShowsWhatAFullWalkShowsButTheJdksInvocationFrames() throws Exception {
        Supplier<List<List<Class<?>>>> lambda = () -> List.of(Arrays.asList(StackClasses.current()),
                FULL.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass).collect(Collectors.toList())));
        // called through reflection too: its frames may be left out, nothing else may
        @SuppressWarnings("unchecked")
        List<List<Class<?>>> seen = (List<List<Class<?>>>) Supplier.class.getMethod("get").invoke(lambda);

        List<Class<?>> cheap = seen.get(0);
        List<Class<?>> full = seen.get(1);
        assertTrue(cheap.contains(lambda.getClass()), "the lambda's hidden frame: " + cheap);
        for (Class<?> c : full) {
            if (!cheap.contains(c)) {
                assertTrue(JdkCode.isCoreReflection(c) || JdkCode.isPassThrough(c) || c.getName().startsWith("java.lang.invoke."),
                        "only the JDK's invocation frames may be missing, not " + c);
            }
        }
        assertEquals(StackClassesTest.class, cheap.stream().filter(c -> !c.isHidden()
                && c.getNestHost() != StackClasses.class
                && !c.getName().startsWith("java.") && !c.getName().startsWith("jdk.")).findFirst().orElseThrow());
    }

    @Test
    void aVisitorSeesTheFramesNearestFirstAndAWalkReadsNoFrameBelowWhereItStopped() {
        List<Class<?>> seen = new ArrayList<>();
        Class<?>[] read = below(40, () -> StackClasses.visit(declaring -> {
            seen.add(declaring);
            return declaring != Boundary.class;
        }));

        assertEquals(Boundary.class, seen.get(seen.size() - 1), "the visitor is given every frame down to where it stops");
        assertEquals(seen, Arrays.asList(read).subList(0, seen.size()), "in the order of the stack");
        if (StackClasses.showsReflectionFrames()) {
            assertEquals(seen.size(), read.length, "a walk stops where the visitor does");
            assertTrue(read.length < 40, "none of the 40 frames below the boundary was read: " + read.length);
        } else {
            assertTrue(read.length > seen.size() + 40, "the class context is read whole: " + read.length);
        }
    }

    /** Calls {@code top} under {@code depth} more frames, with {@link Boundary} right below it. */
    private static Class<?>[] below(int depth, Supplier<Class<?>[]> top) {
        return depth == 0 ? Boundary.call(top) : below(depth - 1, top);
    }

    /** A frame of its own class, where the visitor of the test stops. */
    private static final class Boundary {
        static Class<?>[] call(Supplier<Class<?>[]> top) {
            return top.get();
        }
    }

    @Test
    void theSourceIsTheCheapestThatKeepsThePromise() {
        String source = StackClasses.sourceName();
        int feature = Runtime.version().feature();
        if (feature <= 21) {
            assertEquals("class context", source);
        } else if (feature >= 24) {
            assertEquals("stack walk without method information", source);
        }
        assertEquals(!"class context".equals(source), StackClasses.showsReflectionFrames());
    }
}
