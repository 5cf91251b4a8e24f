package org.gatehouse.sandbox.bridge.internal;

/**
 * Entry checks for threads: start ({@code runtime createThread}, and the creator is recorded for
 * the asynchronous hand-off rule), changes to threads the caller did not create
 * ({@code runtime modifyThread}) and context class loader swaps on running threads
 * ({@code runtime setContextClassLoader}).
 */
public final class ThreadEntries {
    private ThreadEntries() {
    }

    /**
     * {@code Thread.start} (and the virtual-thread start paths of 21+). The decision (which counts
     * the threads of each untrusted class loader on the stack against its budget) and the record
     * of the new thread's inherited context run under one lock: a concurrent start decides after
     * this one is counted.
     */
    public static void start(Object thread) {
        if (thread instanceof Thread starting && !isCarrier(starting) && Enforcement.enter()) {
            try {
                StackContext context = Enforcement.context();
                synchronized (ThreadCreators.START_LOCK) {
                    Enforcement.decide(context, "runtime", "createThread", "");
                    ThreadCreators.record(starting, context.untrustedClasses());
                }
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * A carrier of the virtual-thread scheduler (21+): JDK infrastructure on which code only ever
     * runs as a virtual thread ({@code Thread.currentThread()} is the virtual thread, which has its
     * own start check and creator). Carriers are started for whoever starts the first virtual
     * threads, so they are neither decided nor counted against that code's budget. The class must
     * come from the boot loader: an extension cannot define one there under that name.
     */
    private static boolean isCarrier(Thread thread) {
        Class<?> type = thread.getClass();
        return type.getClassLoader() == null && "jdk.internal.misc.CarrierThread".equals(type.getName());
    }

    /**
     * {@code Thread.exit}, run by the JVM on a platform thread that ends: it leaves the budget's
     * count even if nobody saw it alive. Ignored unless the thread is the current one.
     */
    public static void ended(Object thread) {
        if (thread instanceof Thread ending) {
            ThreadCreators.ended(ending);
        }
    }

    /**
     * {@code ThreadGroup.interrupt/setMaxPriority/setDaemon} (and 17's {@code stop/suspend/resume}):
     * {@code runtime modifyThreadGroup}. A group holds threads of any code (the element's event
     * loops share the main group), so no group is the caller's own.
     */
    public static void modifyGroup(Object group) {
        if (group instanceof ThreadGroup && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "runtime", "modifyThreadGroup", "");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code setPriority}, {@code setDaemon}, {@code setName}, {@code interrupt}, {@code stop},
     * {@code suspend}, {@code resume}: free on the current thread, on threads not alive (thread
     * factories set names and daemon flags on threads they just made) and on threads the caller's
     * loader created. Only final methods of the target are called ({@code isAlive}, not
     * {@code getState}): a Thread subclass cannot answer for itself.
     */
    public static void modify(Object thread) {
        if (thread instanceof Thread target && target != Thread.currentThread() && target.isAlive()) {
            checkForeignThread(thread, "modifyThread");
        }
    }

    /**
     * {@code setContextClassLoader}: a swap on a thread that has not started yet (the JDK's
     * ForkJoin workers do it in their constructor) or that the caller's loader created only
     * affects the caller; on any other thread, the current one included (an extension called on
     * a platform worker), it can mislead the platform code that runs there next.
     */
    public static void contextClassLoader(Object thread) {
        if (thread instanceof Thread target && target.isAlive()) {
            checkForeignThread(target, "setContextClassLoader");
        }
    }

    /**
     * {@code Thread.getStackTrace} of another live thread: {@code runtime getStackTrace} (what it
     * runs, where it waits), free on the current thread and on threads the caller's loader created.
     */
    public static void stackTrace(Object thread) {
        if (thread instanceof Thread target && target != Thread.currentThread() && target.isAlive()) {
            checkForeignThread(thread, "getStackTrace");
        }
    }

    /** {@code Thread.getAllStackTraces}: {@code runtime getStackTrace}. */
    public static void allStackTraces() {
        if (Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "runtime", "getStackTrace", "");
            } finally {
                Enforcement.exit();
            }
        }
    }

    private static void checkForeignThread(Object thread, String permission) {
        if (!(thread instanceof Thread target) || !Enforcement.enter()) {
            return;
        }
        try {
            // code may change the threads it started itself
            Class<?> creator = ThreadCreators.creatorOf(target);
            Enforcement.decide(Enforcement.context(), "runtime", permission, "", creator == null ? null : creator.getClassLoader());
        } finally {
            Enforcement.exit();
        }
    }
}
