package org.gatehouse.sandbox.bridge.internal;

import java.util.function.BiPredicate;

/**
 * The context each thread inherited from the stack that started it (docs/sandbox.md
 * "Every frame counts"): the untrusted classes on that stack, plus the starting thread's own
 * inherited ones when no boundary cut its walk. Every check on the thread that reaches the bottom
 * of its stack adds them, as the SecurityManager added a thread's inherited access control
 * context, so a thread an extension started (or had a platform class start for it) stays the
 * extension's, whatever Runnable it runs. Keys are weak and compared by identity (a Thread
 * subclass's own equals/hashCode never runs here).
 *
 * <p>The same records are the thread budget's count (docs/policy-language.md "The thread budget"): a thread counts for every
 * untrusted class loader in its context, from the moment its start passed the check, before it
 * is alive, until it ends. Starts are decided and recorded under one lock ({@link #START_LOCK}),
 * so two starts cannot both see room for one more.
 */
final class ThreadCreators {
    private static final IdentityWeakMap<Started> CREATORS = new IdentityWeakMap<>();
    /** Serializes start decisions with their records; a decision is a cached lookup, so one lock is enough. */
    static final Object START_LOCK = new Object();
    private static final Class<?>[] NONE = new Class<?>[0];

    private ThreadCreators() {
    }

    /**
     * Records only for a thread not alive ({@code isAlive} is final, unlike {@code getState}) and
     * only the first creator: a failing {@code start()} on somebody else's running thread changes
     * nothing.
     */
    static void record(Thread thread, Class<?>[] context) {
        if (context.length > 0 && !thread.isAlive()) {
            CREATORS.putIfAbsent(thread, new Started(context));
        }
    }

    /** The nearest untrusted class of the stack that started {@code thread}, or null. */
    static Class<?> creatorOf(Thread thread) {
        Started started = CREATORS.get(thread);
        return started == null ? null : started.context[0];
    }

    /** The untrusted classes {@code thread} inherited when it was started; empty for a thread of trusted code. */
    static Class<?>[] contextOf(Thread thread) {
        Started started = CREATORS.get(thread);
        return started == null ? NONE : started.context;
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
     * Threads started by code of {@code loader} that are alive now or whose start passed the
     * check and has not yet made them alive (docs/policy-language.md "The thread budget"). Walks every recorded thread:
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
        final Class<?>[] context;
        boolean seenAlive;
        boolean ended;

        Started(Class<?>[] context) {
            this.context = context;
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
            if (!StackContext.containsLoader(started.context, started.context.length, loader)) {
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
