package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The places in compiled code that cross a declared privileged boundary: every call of
 * {@code org.gatehouse.sandbox.bridge.Privileged.run|get|call}, direct or as a method reference,
 * named by the class and the method it is written in. The body of a lambda counts for the method
 * that wrote the lambda ({@code lambda$countedOutcome$3} is {@code countedOutcome}), because that
 * is where a reviewer reads it.
 *
 * <pre>{@code
 * Set<CallSite> sites = PrivilegedCallSites.inJar(Path.of("bundles/flow-engine.jar"));
 * }</pre>
 */
final class PrivilegedCallSites {
    static final String PRIVILEGED = "org/gatehouse/sandbox/bridge/Privileged";
    private static final Set<String> BOUNDARY_METHODS = Set.of("run", "get", "call");
    private static final Pattern LAMBDA = Pattern.compile("lambda\\$(.+)\\$\\d+");

    /** One call site: the binary class name ({@code a.b.Outer$Inner}) and the method it is written in. */
    record CallSite(String className, String method) implements Comparable<CallSite> {
        /** How docs/sandbox.md names a site: the simple class name (nested: {@code Outer.Inner}) and the method. */
        String reviewName() {
            String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
            return simple + "." + method;
        }

        @Override
        public int compareTo(CallSite other) {
            return (className + "#" + method).compareTo(other.className + "#" + other.method);
        }

        @Override
        public String toString() {
            return className + "." + method;
        }
    }

    private PrivilegedCallSites() {
    }

    /** Every call site in the classes of {@code jar}. */
    static Set<CallSite> inJar(Path jar) {
        Set<CallSite> sites = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        sites.addAll(inClass(in.readAllBytes()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return sites;
    }

    /** Every call site in one class file. */
    static Set<CallSite> inClass(byte[] classFile) {
        Set<CallSite> sites = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            private String className;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                className = name.replace('/', '.');
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                CallSite site = new CallSite(className, enclosingMethod(name));
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        if (isBoundary(owner, method)) {
                            sites.add(site);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap, Object... arguments) {
                        for (Object argument : arguments) {
                            if (argument instanceof Handle handle && isBoundary(handle.getOwner(), handle.getName())) {
                                sites.add(site);
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return sites;
    }

    private static boolean isBoundary(String owner, String method) {
        return owner.equals(PRIVILEGED) && BOUNDARY_METHODS.contains(method);
    }

    private static String enclosingMethod(String name) {
        Matcher lambda = LAMBDA.matcher(name);
        return lambda.matches() ? lambda.group(1) : name;
    }
}
