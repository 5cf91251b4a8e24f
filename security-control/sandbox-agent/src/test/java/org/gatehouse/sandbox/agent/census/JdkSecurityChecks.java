package org.gatehouse.sandbox.agent.census;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The census of the JDK's own sensitive operations (docs/sandbox.md "What the JDK checked"): every
 * method of the running JDK's class files that asks the SecurityManager ({@code SecurityManager.check*})
 * or the access controller ({@code AccessController.checkPermission}), with the permission class
 * constructed just before the call and its first string constant when the bytecode shows them.
 *
 * <pre>{@code
 * List<JdkSecurityChecks.CallSite> sites = JdkSecurityChecks.scan();
 * }</pre>
 *
 * Run alone ({@code main}) it prints one line per call site.
 */
public final class JdkSecurityChecks {
    private static final String SECURITY_MANAGER = "java/lang/SecurityManager";
    private static final String ACCESS_CONTROLLER = "java/security/AccessController";
    private static final String ACCESS_CONTROL_CONTEXT = "java/security/AccessControlContext";

    private JdkSecurityChecks() {
    }

    /**
     * One call of a check inside a JDK method.
     *
     * @param module     the JDK module holding the class
     * @param owner      internal name of the class whose method makes the call
     * @param method     the method's name
     * @param descriptor the method's descriptor
     * @param check      the check called, e.g. {@code SecurityManager.checkRead(Ljava/lang/String;)V}
     * @param permission the permission class constructed before the call, with its first string constant, or empty
     */
    public record CallSite(String module, String owner, String method, String descriptor, String check, String permission) {
        /** {@code owner.method descriptor}, the form the agent's hooks are named in. */
        public String target() {
            return owner + "." + method + descriptor;
        }

        @Override
        public String toString() {
            return module + " " + target() + " -> " + check + (permission.isEmpty() ? "" : " [" + permission + "]");
        }
    }

    /** Every call site of the running JDK, in module and class order. */
    public static List<CallSite> scan() {
        List<CallSite> sites = new ArrayList<>();
        forEachClass((module, bytes) -> new ClassReader(bytes).accept(new CensusClass(module, sites), ClassReader.SKIP_DEBUG));
        return List.copyOf(sites);
    }

    /** The internal name of every class of the running JDK. */
    public static Set<String> classes() {
        Set<String> classes = new HashSet<>();
        forEachClassFile((module, file) -> {
            String path = file.subpath(2, file.getNameCount()).toString();
            classes.add(path.substring(0, path.length() - ".class".length()));
        });
        return classes;
    }

    private interface ClassAction {
        void accept(String module, byte[] bytes);
    }

    private interface FileAction {
        void accept(String module, Path file) throws IOException;
    }

    private static void forEachClass(ClassAction action) {
        forEachClassFile((module, file) -> action.accept(module, Files.readAllBytes(file)));
    }

    private static void forEachClassFile(FileAction action) {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : modules.sorted().toList()) {
                try (Stream<Path> files = Files.walk(module)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                        if (!file.getFileName().toString().equals("module-info.class")) {
                            action.accept(module.getFileName().toString(), file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JDK's class files through jrt:/", e);
        }
    }

    /** Prints the census of the running JDK. */
    public static void main(String[] args) {
        List<CallSite> sites = scan();
        sites.forEach(System.out::println);
        System.out.println(sites.size() + " call sites");
    }

    private static final class CensusClass extends ClassVisitor {
        private final String module;
        private final List<CallSite> sites;
        private String owner;

        CensusClass(String module, List<CallSite> sites) {
            super(Opcodes.ASM9);
            this.module = module;
            this.sites = sites;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if (SECURITY_MANAGER.equals(owner) || ACCESS_CONTROLLER.equals(owner) || ACCESS_CONTROL_CONTEXT.equals(owner)) {
                return null; // the checks themselves
            }
            return new CensusMethod(name, descriptor);
        }

        /** Follows the last {@code new} and string constant, a call site takes them as its permission. */
        private final class CensusMethod extends MethodVisitor {
            private final String name;
            private final String descriptor;
            private String lastNew = "";
            private String lastConstant = "";

            CensusMethod(String name, String descriptor) {
                super(Opcodes.ASM9);
                this.name = name;
                this.descriptor = descriptor;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW) {
                    lastNew = type;
                    lastConstant = "";
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                if (value instanceof String text && lastConstant.isEmpty()) {
                    lastConstant = text;
                }
            }

            @Override
            public void visitMethodInsn(int opcode, String callee, String method, String calleeDescriptor, boolean isInterface) {
                boolean check = SECURITY_MANAGER.equals(callee) && method.startsWith("check")
                        || (ACCESS_CONTROLLER.equals(callee) || ACCESS_CONTROL_CONTEXT.equals(callee)) && "checkPermission".equals(method);
                if (check) {
                    String simple = callee.substring(callee.lastIndexOf('/') + 1);
                    String permission = lastNew.endsWith("Permission")
                            ? lastNew.replace('/', '.') + (lastConstant.isEmpty() ? "" : " \"" + lastConstant + "\"") : "";
                    sites.add(new CallSite(module, owner, name, descriptor, simple + "." + method + calleeDescriptor, permission));
                    lastNew = "";
                    lastConstant = "";
                }
            }
        }
    }
}
