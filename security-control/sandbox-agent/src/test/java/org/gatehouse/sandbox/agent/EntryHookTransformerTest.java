package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Runs the transformer over the real class files of the running JDK and of Felix: every hook
 * whose method exists must be applied, and the only hooks allowed to miss are the ones this
 * class lists as belonging to other JDK versions. A JDK update that renames an internal
 * entry point fails here, not silently in production.
 */
class EntryHookTransformerTest {
    /** Hooks that exist only on some JDK versions (17 vs 21+ vs 22+), or only in one of two provider layouts. */
    private static final Set<String> VERSION_DEPENDENT = Set.of(
            "java/lang/Thread.start(Ljdk/internal/vm/ThreadContainer;)V",
            "java/lang/VirtualThread.start(Ljdk/internal/vm/ThreadContainer;)V",
            "java/lang/Thread.suspend()V",
            "java/lang/Thread.resume()V",
            "jdk/internal/reflect/Reflection.ensureNativeAccess(Ljava/lang/Class;)V",
            "sun/nio/ch/UnixAsynchronousServerSocketChannelImpl.finishAccept(Ljava/io/FileDescriptor;Ljava/net/InetSocketAddress;"
                    + "Ljava/security/AccessControlContext;)Ljava/nio/channels/AsynchronousSocketChannel;",
            "sun/nio/ch/UnixAsynchronousServerSocketChannelImpl.finishAccept(Ljava/io/FileDescriptor;Ljava/net/InetSocketAddress;)"
                    + "Ljava/nio/channels/AsynchronousSocketChannel;",
            "java/lang/ThreadGroup.stop()V",
            "java/lang/ThreadGroup.suspend()V",
            "java/lang/ThreadGroup.resume()V",
            "java/lang/foreign/Linker.nativeLinker()Ljava/lang/foreign/Linker;",
            "java/lang/foreign/SymbolLookup.libraryLookup(Ljava/lang/String;Ljava/lang/foreign/Arena;)Ljava/lang/foreign/SymbolLookup;",
            "java/lang/foreign/SymbolLookup.libraryLookup(Ljava/nio/file/Path;Ljava/lang/foreign/Arena;)Ljava/lang/foreign/SymbolLookup;",
            "sun/nio/ch/DatagramChannelImpl.blockingSend(Ljava/nio/ByteBuffer;Ljava/net/SocketAddress;)V",
            "sun/nio/ch/DatagramChannelImpl.blockingSend(Ljava/net/DatagramPacket;)V",
            "java/net/DatagramSocket.setDatagramSocketImplFactory(Ljava/net/DatagramSocketImplFactory;)V",
            "java/net/Socket.setSocketImplFactory(Ljava/net/SocketImplFactory;)V",
            "java/net/ServerSocket.setSocketFactory(Ljava/net/SocketImplFactory;)V");

    private final EntryHookTransformer transformer = new EntryHookTransformer(HookCatalog.all(),
            HookCatalog.bridgeMethods(EntryHookTransformerTest.class.getClassLoader()));

    @Test
    void everyHookOnThisJdkAndFelixIsApplied() throws IOException {
        Set<String> present = new TreeSet<>();
        try (FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"))) {
            for (String owner : transformer.owners()) {
                byte[] original = classBytes(jrt, owner);
                if (original != null) {
                    present.addAll(declaredMethods(owner, original));
                    transformer.transform(null, null, owner, null, null, original);
                }
            }
        } catch (UnsupportedOperationException closingTheBuiltInJrt) {
            // the jrt file system of the running JDK cannot be closed; nothing to release
        }

        assertEquals(List.of(), transformer.failures());
        Set<String> expected = HookCatalog.all().stream().map(EntryHook::target)
                .filter(present::contains).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, new TreeSet<>(transformer.applied()));
        Set<String> missing = HookCatalog.all().stream().map(EntryHook::target)
                .filter(target -> !present.contains(target)).collect(Collectors.toCollection(TreeSet::new));
        missing.removeAll(VERSION_DEPENDENT);
        missing.removeIf(EntryHookTransformerTest::isProviderQueryOfTheOtherLayout);
        assertEquals(Set.of(), missing, "entry points not found in this JDK " + Runtime.version());
    }

    @Test
    void instrumentedFelixClassesLoadAndCallTheBridge() throws Exception {
        ClassLoader instrumentedFelix = new InstrumentingLoader(transformer);
        Class<?> felix = instrumentedFelix.loadClass("org.apache.felix.framework.Felix");

        assertEquals(instrumentedFelix, felix.getClassLoader());
        assertTrue(transformer.applied().contains("org/apache/felix/framework/Felix.stop()V"), transformer.applied().toString());
        // the instrumented Felix.stop() passed the verifier and calls the bridge, which allows it without a decider
        Object framework = felix.getConstructor(Map.class).newInstance(Map.of());
        felix.getMethod("stop").invoke(framework);
    }

    @Test
    void hookWithoutMatchingBridgeMethodIsRefused() throws IOException {
        EntryHook wrong = EntryHook.at("java/lang/System", "exit", "(I)V").calls(RuntimeHooks.ENTRY, "runtime").args(0);
        EntryHookTransformer refusing = new EntryHookTransformer(List.of(wrong),
                HookCatalog.bridgeMethods(EntryHookTransformerTest.class.getClassLoader()));

        try (InputStream in = Object.class.getResourceAsStream("/java/lang/System.class")) {
            refusing.transform(null, null, "java/lang/System", null, null, in.readAllBytes());
        }

        assertEquals(List.of("java/lang/System.exit(I)V: no bridge method "
                + "org/gatehouse/sandbox/bridge/internal/RuntimeEntries.runtime(I)V"), refusing.failures());
        assertEquals(Set.of(), refusing.applied());
    }

    @Test
    void constructorReceiverCannotBePassed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> EntryHook.at("java/io/FileInputStream", "<init>", "(Ljava/io/File;)V").args(EntryHook.THIS));

        assertEquals("hook java/io/FileInputStream.<init>(Ljava/io/File;)V: a constructor's receiver cannot be "
                + "passed before super() runs", thrown.getMessage());
    }

    /** 17 declares exists/isDirectory/isRegularFile on the providers; 25 has exists(Path, LinkOption...) and isReadable... */
    private static boolean isProviderQueryOfTheOtherLayout(String target) {
        return target.startsWith("sun/nio/fs/") && Stream.of(".exists(", ".isDirectory(", ".isRegularFile(",
                ".isReadable(", ".isWritable(", ".isExecutable(", ".readAttributesIfExists(",
                ".getFileAttributeView(Ljava/nio/file/Path;Ljava/lang/String;").anyMatch(target::contains);
    }

    private static byte[] classBytes(FileSystem jrt, String owner) throws IOException {
        try (Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : (Iterable<Path>) modules::iterator) {
                Path file = module.resolve(owner + ".class");
                if (Files.exists(file)) {
                    return Files.readAllBytes(file);
                }
            }
        }
        try (InputStream in = EntryHookTransformerTest.class.getClassLoader().getResourceAsStream(owner + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static Set<String> declaredMethods(String owner, byte[] classBytes) {
        Set<String> methods = new HashSet<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0) {
                    methods.add(owner + "." + name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return methods;
    }

    /** Defines Felix's classes itself, instrumented, so that the JVM verifies the hooked bytecode. */
    private static final class InstrumentingLoader extends ClassLoader {
        private final EntryHookTransformer transformer;

        InstrumentingLoader(EntryHookTransformer transformer) {
            super(EntryHookTransformerTest.class.getClassLoader());
            this.transformer = transformer;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.apache.felix.framework.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : define(name);
            }
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            String internal = name.replace('.', '/');
            try (InputStream in = getParent().getResourceAsStream(internal + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] original = in.readAllBytes();
                byte[] changed = transformer.transform(null, this, internal, null, null, original);
                byte[] bytes = changed != null ? changed : original;
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
