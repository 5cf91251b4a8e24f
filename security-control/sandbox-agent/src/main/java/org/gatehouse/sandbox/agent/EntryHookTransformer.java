package org.gatehouse.sandbox.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Instruments the classes named by the hooks, at load time and on retransformation. Classes
 * not named are returned untouched after one map lookup. A hook whose bridge method does not
 * exist with the right descriptor is refused (the JDK would otherwise throw NoSuchMethodError
 * from deep inside java.base) and reported in {@link #failures()}.
 */
final class EntryHookTransformer implements ClassFileTransformer {
    private static final String FRAMEWORK_PACKAGE = "org/apache/felix/framework/";
    private final Map<String, Map<String, EntryHook>> hooksByOwner = new HashMap<>();
    private final Set<String> bridgeMethods;
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    /**
     * @param hooks         the entry points to instrument
     * @param bridgeMethods the callable bridge methods, as {@code internalClassName.name descriptor}
     */
    EntryHookTransformer(Collection<EntryHook> hooks, Set<String> bridgeMethods) {
        for (EntryHook hook : hooks) {
            hooksByOwner.computeIfAbsent(hook.owner(), owner -> new HashMap<>())
                    .put(hook.method() + hook.descriptor(), hook);
        }
        this.bridgeMethods = Set.copyOf(bridgeMethods);
    }

    /** Internal names of the classes this transformer changes. */
    Set<String> owners() {
        return hooksByOwner.keySet();
    }

    /** Hooks applied so far, as {@link EntryHook#target()}. */
    Set<String> applied() {
        return Set.copyOf(applied);
    }

    /** Hooks refused or classes that failed to transform. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        Map<String, EntryHook> hooks = className == null ? null : hooksByOwner.get(className);
        if (hooks == null) {
            return null;
        }
        if (className.startsWith(FRAMEWORK_PACKAGE) && loader != ClassLoader.getSystemClassLoader()) {
            // the bridge sees through the framework's frames only on the application class path
            System.err.println("gatehouse sandbox: " + className.replace('/', '.') + " is loaded by " + loader
                    + ", not the application class loader: OSGi checks will attribute requests to the framework");
        }
        try {
            return instrument(classfileBuffer, hooks);
        } catch (RuntimeException | LinkageError e) {
            failures.add(className + ": " + e);
            return null;
        }
    }

    byte[] instrument(byte[] classBytes, Map<String, EntryHook> hooks) {
        ClassReader reader = new ClassReader(classBytes);
        // COMPUTE_MAXS only: the prepended code has no branches, frames stay valid, and no
        // class loading is needed to merge types (COMPUTE_FRAMES would load classes here)
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new HookingClassVisitor(writer, hooks), 0);
        return writer.toByteArray();
    }

    private final class HookingClassVisitor extends ClassVisitor {
        private final Map<String, EntryHook> hooks;

        HookingClassVisitor(ClassVisitor next, Map<String, EntryHook> hooks) {
            super(Opcodes.ASM9, next);
            this.hooks = hooks;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            EntryHook hook = hooks.get(name + descriptor);
            if (hook == null || (access & Opcodes.ACC_ABSTRACT) != 0 || (access & Opcodes.ACC_NATIVE) != 0) {
                return next;
            }
            String entry = hook.entryClass() + "." + hook.entryMethod()
                    + EntryCallInjector.entryDescriptor(hook, descriptor);
            if (!bridgeMethods.contains(entry)) {
                failures.add(hook.target() + ": no bridge method " + entry);
                return next;
            }
            applied.add(hook.target());
            return new EntryCallInjector(next, hook, (access & Opcodes.ACC_STATIC) != 0, descriptor);
        }
    }
}
