package org.gatehouse.sandbox.bridge.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which class started each thread (SANDBOX-NOTES "Asynchronous hand-off"): a thread started by
 * an extension carries its creator, so that a JDK-only stack on that thread (a JDK Runnable the
 * extension handed over) is still attributed to the extension. Keys are weak: a finished
 * thread's entry goes away with the Thread object.
 */
final class ThreadCreators {
    private static final Map<Thread, Class<?>> CREATORS = Collections.synchronizedMap(new WeakHashMap<>());

    private ThreadCreators() {
    }

    /** Records only for a thread not started yet, so a creator cannot be pinned on a running thread. */
    static void record(Thread thread, Class<?> creator) {
        if (creator != Object.class && thread.getState() == Thread.State.NEW) {
            CREATORS.put(thread, creator);
        }
    }

    static Class<?> creatorOf(Thread thread) {
        return CREATORS.isEmpty() ? null : CREATORS.get(thread);
    }
}
