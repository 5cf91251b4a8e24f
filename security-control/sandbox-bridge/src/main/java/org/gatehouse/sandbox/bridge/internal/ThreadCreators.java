package org.gatehouse.sandbox.bridge.internal;

import java.util.function.BiPredicate;

/**
 * Which class started each thread (SANDBOX-NOTES "Asynchronous hand-off"): a thread started by
 * an extension carries its creator, so that a JDK-only stack on that thread (a JDK Runnable the
 * extension handed over) is still attributed to the extension. Keys are weak and compared by
 * identity (a Thread subclass's own equals/hashCode never runs here).
 */
final class ThreadCreators {
    private static final IdentityWeakMap<Class<?>> CREATORS = new IdentityWeakMap<>();

    private ThreadCreators() {
    }

    /**
     * Records only for a thread not alive ({@code isAlive} is final, unlike {@code getState}) and
     * only the first creator: a failing {@code start()} on somebody else's running thread changes
     * nothing.
     */
    static void record(Thread thread, Class<?> creator) {
        if (creator != Object.class && !thread.isAlive()) {
            CREATORS.putIfAbsent(thread, creator);
        }
    }

    static Class<?> creatorOf(Thread thread) {
        return CREATORS.get(thread);
    }

    /**
     * Threads started by code of {@code loader} that are alive now (SPEC 11 thread budget). Walks
     * every recorded thread: it runs only when an extension starts a thread, and threads that
     * ended and were collected have left the map.
     */
    static int liveThreadsStartedBy(ClassLoader loader) {
        return CREATORS.count(new LiveAndStartedBy(loader));
    }

    /** A named class, not a lambda: no lambda bootstrap while a java.base hook is running. */
    private static final class LiveAndStartedBy implements BiPredicate<Object, Class<?>> {
        private final ClassLoader loader;

        LiveAndStartedBy(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public boolean test(Object thread, Class<?> creator) {
            return creator.getClassLoader() == loader && ((Thread) thread).isAlive();
        }
    }
}
