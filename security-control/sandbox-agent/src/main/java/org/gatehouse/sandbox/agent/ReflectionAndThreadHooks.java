package org.gatehouse.sandbox.agent;

import static org.gatehouse.sandbox.agent.EntryHook.THIS;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry points for reaching into other code (setAccessible, private lookups, class definition
 * through a Lookup) and for threads (start and end, changes to other threads and to thread
 * groups, context class loader).
 */
final class ReflectionAndThreadHooks {
    static final String REFLECTION = "org/gatehouse/sandbox/bridge/internal/ReflectionEntries";
    static final String THREADS = "org/gatehouse/sandbox/bridge/internal/ThreadEntries";
    private static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";
    private static final String THREAD = "java/lang/Thread";

    private ReflectionAndThreadHooks() {
    }

    static List<EntryHook> hooks() {
        List<EntryHook> hooks = new ArrayList<>();
        // setAccessible(true) on Field/Method/Constructor, the array form and trySetAccessible all run this
        hooks.add(EntryHook.at("java/lang/reflect/AccessibleObject", "checkCanSetAccessible",
                "(Ljava/lang/Class;Ljava/lang/Class;Z)Z").calls(REFLECTION, "suppressAccessChecks").args(0, 1));
        hooks.add(EntryHook.at("java/lang/invoke/MethodHandles", "privateLookupIn",
                "(Ljava/lang/Class;L" + LOOKUP + ";)L" + LOOKUP + ";").calls(REFLECTION, "privateLookup").args(0, 1));
        hooks.add(EntryHook.at(LOOKUP, "defineClass", "([B)Ljava/lang/Class;").calls(REFLECTION, "defineClass").args(THIS));
        hooks.add(EntryHook.at(LOOKUP, "defineHiddenClass", "([BZ[L" + LOOKUP + "$ClassOption;)L" + LOOKUP + ";")
                .calls(REFLECTION, "defineClass").args(THIS));
        hooks.add(EntryHook.at(LOOKUP, "defineHiddenClassWithClassData",
                "([BLjava/lang/Object;Z[L" + LOOKUP + "$ClassOption;)L" + LOOKUP + ";")
                .calls(REFLECTION, "defineClass").args(THIS));

        hooks.add(EntryHook.at(THREAD, "start", "()V").calls(THREADS, "start").args(THIS));
        // 21+: virtual threads and thread-per-task executors start through these
        hooks.add(EntryHook.at(THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V").calls(THREADS, "start").args(THIS));
        hooks.add(EntryHook.at("java/lang/VirtualThread", "start", "(Ljdk/internal/vm/ThreadContainer;)V")
                .calls(THREADS, "start").args(THIS));
        for (String change : List.of("setPriority(I)V", "setDaemon(Z)V", "setName(Ljava/lang/String;)V", "interrupt()V",
                "stop()V", "suspend()V", "resume()V", "setUncaughtExceptionHandler(Ljava/lang/Thread$UncaughtExceptionHandler;)V")) {
            int paren = change.indexOf('(');
            hooks.add(EntryHook.at(THREAD, change.substring(0, paren), change.substring(paren))
                    .calls(THREADS, "modify").args(THIS));
        }
        hooks.add(EntryHook.at(THREAD, "setContextClassLoader", "(Ljava/lang/ClassLoader;)V")
                .calls(THREADS, "contextClassLoader").args(THIS));
        // another thread's frames (what it runs, where it waits): runtime getStackTrace
        hooks.add(EntryHook.at(THREAD, "getStackTrace", "()[Ljava/lang/StackTraceElement;").calls(THREADS, "stackTrace").args(THIS));
        hooks.add(EntryHook.at(THREAD, "getAllStackTraces", "()Ljava/util/Map;").calls(THREADS, "allStackTraces"));
        // the JVM runs it on every platform thread that ends: the thread leaves the budget's count
        hooks.add(EntryHook.at(THREAD, "exit", "()V").calls(THREADS, "ended").args(THIS));
        hooks.addAll(threadGroupChanges());
        return List.copyOf(hooks);
    }

    /**
     * Changes that reach every thread of a group, other code's included (the element's event
     * loops): interrupt, priority ceiling, daemon flag, destroy; 17 also has stop, suspend, resume.
     */
    private static List<EntryHook> threadGroupChanges() {
        List<EntryHook> hooks = new ArrayList<>();
        for (String change : List.of("interrupt()V", "setMaxPriority(I)V", "setDaemon(Z)V", "destroy()V", "stop()V",
                "suspend()V", "resume()V")) {
            int paren = change.indexOf('(');
            hooks.add(EntryHook.at("java/lang/ThreadGroup", change.substring(0, paren), change.substring(paren))
                    .calls(THREADS, "modifyGroup").args(THIS));
        }
        return List.copyOf(hooks);
    }
}
