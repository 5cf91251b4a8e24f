package org.gatehouse.sandbox.bridge.internal;

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
}
