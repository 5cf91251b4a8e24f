package org.gatehouse.sandbox.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.StackWalker.Option;
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
