package org.gatehouse.sandbox.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Prepends the call of one {@link EntryHook} to a method body (and, for a replacing hook, the
 * store of its result into that parameter, cast to the parameter's own type), or, for a hook at
 * return, inserts it before each normal return (the returned object duplicated on the stack).
 * The inserted code has no branch and touches no local but the parameters, so existing stack map
 * frames stay valid; in a constructor it runs before {@code super()}, which the verifier allows
 * because the uninitialized receiver is not used.
 */
final class EntryCallInjector extends MethodVisitor {
    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String STRING = "Ljava/lang/String;";
    private final EntryHook hook;
    private final boolean isStatic;
    private final Type[] parameters;

    EntryCallInjector(MethodVisitor next, EntryHook hook, boolean isStatic, String descriptor) {
        super(Opcodes.ASM9, next);
        this.hook = hook;
        this.isStatic = isStatic;
        this.parameters = Type.getArgumentTypes(descriptor);
    }

    /** The descriptor of the bridge method a hook calls, for a method with this descriptor. */
    static String entryDescriptor(EntryHook hook, String descriptor) {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        StringBuilder entry = new StringBuilder("(");
        if (hook.constant() != null) {
            entry.append(STRING);
        }
        for (int index : hook.arguments()) {
            entry.append(index == EntryHook.THIS || index == EntryHook.RESULT ? OBJECT : erased(parameters[index]));
        }
        return entry.append(hook.replaced() == EntryHook.NONE ? ")V" : ")" + OBJECT).toString();
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (!hook.atReturn()) {
            callBridge();
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (hook.atReturn() && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            callBridge();
        }
        super.visitInsn(opcode);
    }

    /** Pushes the hook's arguments and calls the bridge; at a return the returned object is on the stack. */
    private void callBridge() {
        boolean passesResult = hook.arguments().contains(EntryHook.RESULT);
        if (passesResult) {
            super.visitInsn(Opcodes.DUP);
        }
        if (hook.constant() != null) {
            super.visitLdcInsn(hook.constant());
            if (passesResult) {
                super.visitInsn(Opcodes.SWAP);
            }
        }
        for (int index : hook.arguments()) {
            if (index == EntryHook.RESULT) {
                continue;
            }
            if (index == EntryHook.THIS) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            } else {
                super.visitVarInsn(parameters[index].getOpcode(Opcodes.ILOAD), localSlot(index));
            }
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, hook.entryClass(), hook.entryMethod(),
                entryDescriptor(hook, methodDescriptor()), false);
        if (hook.replaced() != EntryHook.NONE) {
            Type replaced = parameters[hook.replaced()];
            super.visitTypeInsn(Opcodes.CHECKCAST, replaced.getInternalName());
            super.visitVarInsn(Opcodes.ASTORE, localSlot(hook.replaced()));
        }
    }

    private String methodDescriptor() {
        return Type.getMethodDescriptor(Type.VOID_TYPE, parameters);
    }

    private int localSlot(int parameter) {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < parameter; i++) {
            slot += parameters[i].getSize();
        }
        return slot;
    }

    private static String erased(Type type) {
        int sort = type.getSort();
        return sort == Type.OBJECT || sort == Type.ARRAY ? OBJECT : type.getDescriptor();
    }
}
