package org.gatehouse.sandbox.bridge.internal;

import java.util.function.BiPredicate;

/**
 * Which class started each thread (SANDBOX-NOTES "Asynchronous hand-off"): a thread started by
 * an extension carries its creator, so that a JDK-only stack on that thread (a JDK Runnable the
 * extension handed over) is still attributed to the extension. Keys are weak and compared by
 * identity (a Thread subclass's own equals/hashCode never runs here).
 *
 * <p>The same records are the thread budget's count (SPEC 11). A thread counts from the moment
 * its start passed the check, before it is alive, until it ends: two starts of one extension
 * decided one after the other (see {@link #startLock}) cannot both see room for one more.
 */
final class ThreadCreators {
    private static final IdentityWeakMap<Started> CREATORS = new IdentityWeakMap<>();
    private static final IdentityWeakMap<Object> START_LOCKS = new IdentityWeakMap<>();
    private static final Object BOOT_LOADER_START_LOCK = new Object();

    private ThreadCreators() {
    }

    /**
     * Records only for a thread not alive ({@code isAlive} is final, unlike {@code getState}) and
     * only the first creator: a failing {@code start()} on somebody else's running thread changes
     * nothing.
     */
    static void record(Thread thread, Class<?> creator) {
        if (creator != Object.class && !thread.isAlive()) {
            CREATORS.putIfAbsent(thread, new Started(creator));
        }
    }

    static Class<?> creatorOf(Thread thread) {
        Started started = CREATORS.get(thread);
        return started == null ? null : started.creator;
    }

    /**
     * The thread is ending ({@code Thread.exit}, which the JVM runs on the ending platform thread
     * itself). Only a thread may say it ends: any other call (an extension reaching this public
     * method by reflection to free its budget) is ignored, and a thread that says so while it runs
     * still counts while {@code isAlive}.
     */
    static void ended(Thread thread) {
        if (thread == Thread.currentThread()) {
            CREATORS.update(thread, EndedMark.INSTANCE);
        }
    }

    /**
     * The monitor that serializes the start decisions of one class loader's code (one extension
     * revision), so that the budget's count and the record of the new thread form one step. Per
     * loader, so that an extension whose decision is slow holds up its own starts only.
     */
    static Object startLock(ClassLoader loader) {
        return loader == null ? BOOT_LOADER_START_LOCK : START_LOCKS.putIfAbsentAndGet(loader, new Object());
    }

    /**
     * Threads started by code of {@code loader} that are alive now or whose start passed the
     * check and has not yet made them alive (SPEC 11 thread budget). Walks every recorded thread:
     * it runs only when an extension starts a thread, and threads that ended and were collected
     * have left the map.
     */
    static int liveThreadsStartedBy(ClassLoader loader) {
        return CREATORS.count(new LiveOrStartingBy(loader));
    }

    /**
     * One recorded start. {@code seenAlive} and {@code ended} change under the map's lock only. A
     * thread that is not alive counts as long as nobody has seen it alive and it has not ended
     * (its {@code Thread.exit} ran, or it is a terminated thread of a JDK class): that is a start
     * still on its way into {@code start0}.
     */
    private static final class Started {
        final Class<?> creator;
        boolean seenAlive;
        boolean ended;

        Started(Class<?> creator) {
            this.creator = creator;
        }
    }

    /**
     * A thread of a JDK class (a plain {@code Thread}, a virtual thread) answers its state with the
     * JDK's own code: {@code TERMINATED} means it ran and ended, even if no {@code Thread.exit}
     * was seen (virtual threads have none). A subclass's {@code getState} is never asked.
     */
    private static boolean isTerminatedJdkThread(Thread thread) {
        return JdkCode.isJdkObject(thread) && thread.getState() == Thread.State.TERMINATED;
    }

    /** Marks a record ended; a named class, not a lambda (no lambda bootstrap inside a java.base hook). */
    private static final class EndedMark implements java.util.function.Consumer<Started> {
        static final EndedMark INSTANCE = new EndedMark();

        @Override
        public void accept(Started started) {
            started.ended = true;
        }
    }

    /** A named class, not a lambda: no lambda bootstrap while a java.base hook is running. */
    private static final class LiveOrStartingBy implements BiPredicate<Object, Started> {
        private final ClassLoader loader;

        LiveOrStartingBy(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public boolean test(Object key, Started started) {
            if (started.creator.getClassLoader() != loader) {
                return false;
            }
            Thread thread = (Thread) key;
            if (thread.isAlive()) {
                started.seenAlive = true;
                return true;
            }
            return !started.seenAlive && !started.ended && !isTerminatedJdkThread(thread);
        }
    }
}
