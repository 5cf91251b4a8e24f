package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gatehouse.itest.sandbox.PrivilegedCallSites.CallSite;
import org.gatehouse.itest.support.Distribution;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Every privileged boundary the platform declares is a reviewed one: the bytecode of every jar
 * the distribution ships is scanned for calls of {@code Privileged.run|get|call}, and each call
 * site must be a row of the table in {@code docs/sandbox.md}. A new call, anywhere in the
 * platform, fails this test until someone reviews it and lists it; a listed site that is gone
 * fails it too, so the table never vouches for code that no longer exists.
 */
class ReviewedBoundariesIT {

    @Test
    void everyPrivilegedCallOfThePlatformIsAReviewedSite() {
        Set<String> reviewed = ReviewedCallSites.in(ReviewedCallSites.document());
        List<String> unreviewed = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Path jar : PlatformJars.of(Distribution.located())) {
            for (CallSite site : PrivilegedCallSites.inJar(jar)) {
                found.add(site.reviewName());
                if (!reviewed.contains(site.reviewName())) {
                    unreviewed.add(jar.getFileName() + ": " + site);
                }
            }
        }
        assertEquals(List.of(), unreviewed, "Privileged call sites not in the reviewed table of " + ReviewedCallSites.document());
        Set<String> stale = new TreeSet<>(reviewed);
        stale.removeAll(found);
        assertEquals(Set.of(), stale, "reviewed sites that no platform jar holds any more; found: " + found);
    }

    /** Today's table: the flow engine's three and the log file's rotation. */
    @Test
    void theTableListsTodaysFourSites() {
        assertEquals(Set.of("StepExecutor.callInside", "StepExecutor.countedOutcome", "StepServices.gate",
                "RotatingFileHandler.rotateForAnyCaller"),
                ReviewedCallSites.in(ReviewedCallSites.document()));
    }

    /** The scan sees a new call, whether direct, inside a lambda, or a method reference; and nothing else. */
    @Test
    void aNewCallSiteIsFoundWhereverItIsWritten() {
        Set<CallSite> sites = PrivilegedCallSites.inClass(syntheticPlatformClass());
        assertEquals(Set.of(new CallSite("org.gatehouse.example.Helper", "sneak"),
                new CallSite("org.gatehouse.example.Helper", "later"),
                new CallSite("org.gatehouse.example.Helper", "byReference")), sites);
        Set<String> reviewed = ReviewedCallSites.in(ReviewedCallSites.document());
        sites.forEach(site -> assertFalse(reviewed.contains(site.reviewName()), site + " is not reviewed"));
    }

    /** The table is read from the document's text: a row added there is a reviewed site, a site elsewhere is not. */
    @Test
    void theTableIsParsedFromTheDocument() {
        List<String> lines = List.of("# Doc", ReviewedCallSites.HEADING, "", "text", "",
                "| call site | what runs inside | why |", "| --- | --- | --- |",
                "| `example` `Helper.sneak` | a | b |", "", "| `other` `Table.row` | not this table | |");
        assertEquals(Set.of("Helper.sneak"), ReviewedCallSites.parse(lines));
        assertEquals("Helper.sneak", new CallSite("org.gatehouse.example.Helper", "sneak").reviewName());
        assertEquals("Outer.Inner.m", new CallSite("a.b.Outer$Inner", "m").reviewName());
    }

    /**
     * {@code org.gatehouse.example.Helper} with {@code sneak()} calling {@code Privileged.run},
     * {@code lambda$later$0} (a lambda of {@code later}) calling {@code Privileged.get}, a method
     * {@code byReference} that makes {@code Privileged::call} a method reference, and
     * {@code harmless()} that calls only {@code Runnable.run}.
     */
    private static byte[] syntheticPlatformClass() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "org/gatehouse/example/Helper", null, "java/lang/Object", null);
        staticCall(writer, "sneak", "run", "(Ljava/lang/Runnable;)V", "(Ljava/lang/Runnable;)V");
        staticCall(writer, "lambda$later$0", "get", "(Ljava/util/function/Supplier;)Ljava/lang/Object;",
                "(Ljava/util/function/Supplier;)V");
        MethodVisitor reference = writer.visitMethod(Opcodes.ACC_STATIC, "byReference", "()Ljava/util/function/Function;", null, null);
        reference.visitCode();
        Handle metafactory = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                        + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                        + "Ljava/lang/invoke/CallSite;", false);
        Handle call = new Handle(Opcodes.H_INVOKESTATIC, PrivilegedCallSites.PRIVILEGED, "call",
                "(Ljava/util/concurrent/Callable;)Ljava/lang/Object;", false);
        reference.visitInvokeDynamicInsn("apply", "()Ljava/util/function/Function;", metafactory,
                Type.getType("(Ljava/lang/Object;)Ljava/lang/Object;"), call,
                Type.getType("(Ljava/util/concurrent/Callable;)Ljava/lang/Object;"));
        reference.visitInsn(Opcodes.ARETURN);
        reference.visitMaxs(0, 0);
        reference.visitEnd();
        MethodVisitor harmless = writer.visitMethod(Opcodes.ACC_STATIC, "harmless", "(Ljava/lang/Runnable;)V", null, null);
        harmless.visitCode();
        harmless.visitVarInsn(Opcodes.ALOAD, 0);
        harmless.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Runnable", "run", "()V", true);
        harmless.visitInsn(Opcodes.RETURN);
        harmless.visitMaxs(0, 0);
        harmless.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void staticCall(ClassWriter writer, String name, String boundary, String boundaryDescriptor, String descriptor) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, name, descriptor, null, null);
        method.visitCode();
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitMethodInsn(Opcodes.INVOKESTATIC, PrivilegedCallSites.PRIVILEGED, boundary, boundaryDescriptor, false);
        if (!boundaryDescriptor.endsWith("V")) {
            method.visitInsn(Opcodes.POP);
        }
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }
}
