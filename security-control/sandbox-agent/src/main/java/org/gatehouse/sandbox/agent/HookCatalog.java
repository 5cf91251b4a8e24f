package org.gatehouse.sandbox.agent;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Type;

/** Every entry point the agent instruments, and the bridge methods they may call. */
final class HookCatalog {
    static final List<String> ENTRY_CLASSES = List.of(FileHooks.ENTRY, NetworkHooks.ENTRY, RuntimeHooks.ENTRY,
            ReflectionAndThreadHooks.REFLECTION, ReflectionAndThreadHooks.THREADS, OsgiHooks.ENTRY, ClassSpaceHooks.ENTRY);

    private HookCatalog() {
    }

    static List<EntryHook> all() {
        List<EntryHook> hooks = new ArrayList<>();
        hooks.addAll(FileHooks.hooks());
        hooks.addAll(NetworkHooks.hooks());
        hooks.addAll(RuntimeHooks.hooks());
        hooks.addAll(ReflectionAndThreadHooks.hooks());
        hooks.addAll(OsgiHooks.hooks());
        hooks.addAll(ClassSpaceHooks.hooks());
        return List.copyOf(hooks);
    }

    /**
     * The public static methods of the bridge's entry classes, as
     * {@code internalClassName.name descriptor}, read from the classes the given loader sees
     * (the bootstrap loader, null, when running as the agent). Initializes the classes now, so
     * that their static set-up never runs inside an instrumented JDK method.
     */
    static Set<String> bridgeMethods(ClassLoader loader) {
        Set<String> methods = new HashSet<>();
        for (String entryClass : ENTRY_CLASSES) {
            Class<?> type = load(entryClass.replace('/', '.'), loader);
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())) {
                    methods.add(entryClass + "." + method.getName() + Type.getMethodDescriptor(method));
                }
            }
        }
        return methods;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("sandbox bridge class " + name + " is not on the "
                    + (loader == null ? "boot class path: sandbox-bridge.jar must sit next to sandbox-agent.jar" : "class path"), e);
        }
    }
}
