package org.gatehouse.sandbox.agent;

import java.beans.EventHandler;
import java.beans.Statement;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.Security;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * One tiny sensitive action per route of SPEC 11. The tests run each from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 */
public final class ExtensionActions {
    private ExtensionActions() {
    }

    // exit/halt: every route, including the ones that hide the caller

    public static void systemExit(Integer status) {
        System.exit(status);
    }

    public static void runtimeExit(Integer status) {
        Runtime.getRuntime().exit(status);
    }

    public static void runtimeHalt(Integer status) {
        Runtime.getRuntime().halt(status);
    }

    public static void exitByMethodReference(Integer status) {
        Optional.of(status).ifPresent(System::exit);
    }

    public static void exitByReflection(Integer status) throws Exception {
        Method exit = System.class.getMethod("exit", int.class);
        exit.invoke(null, status);
    }

    public static void exitByMethodHandle(Integer status) throws Throwable {
        MethodHandle exit = MethodHandles.publicLookup().findStatic(System.class, "exit",
                MethodType.methodType(void.class, int.class));
        exit.invokeExact((int) status);
    }

    /** A JDK-made Runnable around the exit handle: on 17 its proxy class sits in the application loader. */
    public static void exitByMethodHandleProxy(Integer status) throws Throwable {
        MethodHandle exit = MethodHandles.publicLookup().findStatic(System.class, "exit",
                MethodType.methodType(void.class, int.class));
        MethodHandleProxies.asInterfaceInstance(Runnable.class, MethodHandles.insertArguments(exit, 0, status)).run();
    }

    /** A JDK deputy: java.beans runs the exit, no extension frame is between it and Runtime.exit but the caller's. */
    public static void exitByJdkDeputy(Integer status) throws Exception {
        new Statement(Runtime.getRuntime(), "exit", new Object[] {status}).execute();
    }

    /**
     * A thread the extension starts, running a Runnable made only of JDK code (a boot-loader
     * proxy with java.beans' EventHandler running a Statement): only the recorded creator names the
     * extension. Returns what the thread died of.
     */
    public static Throwable exitOnThreadRunningJdkRunnable(Integer status) throws InterruptedException {
        Statement exit = new Statement(Runtime.getRuntime(), "exit", new Object[] {status});
        Runnable jdkOnly = (Runnable) Proxy.newProxyInstance(null, new Class<?>[] {Runnable.class},
                new EventHandler(exit, "execute", null, null));
        Throwable[] death = new Throwable[1];
        Thread thread = new Thread(jdkOnly);
        thread.setUncaughtExceptionHandler((t, e) -> death[0] = e);
        thread.start();
        thread.join();
        return death[0];
    }

    // processes and native code

    public static Integer startProcess(String marker) throws Exception {
        Process process = new ProcessBuilder("touch", marker).start();
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public static Integer runtimeExec(String marker) throws Exception {
        Process process = Runtime.getRuntime().exec(new String[] {"touch", marker});
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public static void loadLibrary(String name) {
        System.loadLibrary(name);
    }

    public static void loadFile(String path) {
        Runtime.getRuntime().load(path);
    }

    /** The foreign function API, by reflection: this class is compiled for 17, where it does not exist. */
    public static Object nativeLinker() throws Exception {
        return Class.forName("java.lang.foreign.Linker").getMethod("nativeLinker").invoke(null);
    }

    // files: java.io, NIO, channels, zip/jar, URL

    public static void fileOutputStream(Path file) throws Exception {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(1);
        }
    }

    public static Integer fileInputStream(Path file) throws Exception {
        try (FileInputStream in = new FileInputStream(file.toString())) {
            return in.read();
        }
    }

    public static void randomAccessFile(Path file) throws Exception {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(1);
        }
    }

    public static Boolean fileDelete(Path file) {
        return file.toFile().delete();
    }

    public static Boolean fileMkdir(Path folder) {
        return folder.toFile().mkdir();
    }

    public static Boolean fileRenameTo(Path from, Path to) {
        return from.toFile().renameTo(to.toFile());
    }

    public static Boolean fileCreateNewFile(Path file) throws Exception {
        return file.toFile().createNewFile();
    }

    public static Object fileList(Path folder) {
        return folder.toFile().list();
    }

    public static Boolean fileExists(Path file) {
        return file.toFile().exists();
    }

    public static Object fileCreateTempFile(Path folder) throws Exception {
        return File.createTempFile("gatehouse", ".tmp", folder.toFile());
    }

    public static void filesWriteString(Path file) throws Exception {
        Files.writeString(file, "x");
    }

    public static String filesReadString(Path file) throws Exception {
        return Files.readString(file);
    }

    public static void filesDelete(Path file) throws Exception {
        Files.delete(file);
    }

    public static void filesCreateDirectory(Path folder) throws Exception {
        Files.createDirectory(folder);
    }

    public static void filesCopy(Path from, Path to) throws Exception {
        Files.copy(from, to);
    }

    public static void filesMove(Path from, Path to) throws Exception {
        Files.move(from, to);
    }

    public static Integer filesNewDirectoryStream(Path folder) throws Exception {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path ignored : entries) {
                count++;
            }
        }
        return count;
    }

    public static Long filesReadAttributes(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).size();
    }

    public static void filesSetLastModifiedTime(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    }

    public static void filesCreateSymbolicLink(Path link, Path target) throws Exception {
        Files.createSymbolicLink(link, target);
    }

    public static void fileChannelOpen(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    public static void asynchronousFileChannelOpen(Path file) throws Exception {
        try (AsynchronousFileChannel channel = AsynchronousFileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}), 0).get();
        }
    }

    public static Integer zipFileOpen(Path zip) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.size();
        }
    }

    public static Integer jarFileOpen(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.size();
        }
    }

    public static Integer urlFileOpen(Path file) throws Exception {
        try (InputStream in = file.toUri().toURL().openStream()) {
            return in.read();
        }
    }

    /** A File that names one path to whoever asks first and another afterwards. */
    public static void fileThatChangesItsPath(Path allowed, Path target) throws Exception {
        File twoFaced = new TwoFacedFile(allowed.toString(), target.toString());
        try (FileOutputStream out = new FileOutputStream(twoFaced)) {
            out.write(1);
        }
    }

    /** Open options whose contains() says read-only while iteration (what the JDK uses) says write. */
    public static void channelWithLyingOptions(Path file) throws Exception {
        java.util.Set<java.nio.file.OpenOption> lying = new java.util.HashSet<>(
                java.util.List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean contains(Object option) {
                return option == StandardOpenOption.READ;
            }
        };
        try (FileChannel channel = FileChannel.open(file, lying)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    /** A thread whose hashCode exits: it must never run inside the bridge. */
    public static Boolean startThreadWithHostileHashCode() throws Exception {
        Thread hostile = new HostileThread();
        hostile.start();
        hostile.join();
        return true;
    }

    private static final class TwoFacedFile extends File {
        private static final long serialVersionUID = 1L;
        private final String later;
        private int asked;

        TwoFacedFile(String first, String later) {
            super(first);
            this.later = later;
        }

        @Override
        public String getPath() {
            return asked++ == 0 ? super.getPath() : later;
        }
    }

    private static final class HostileThread extends Thread {
        @Override
        public int hashCode() {
            Runtime.getRuntime().exit(7);
            return 0;
        }

        @Override
        public boolean equals(Object other) {
            Runtime.getRuntime().exit(7);
            return false;
        }
    }

    // sockets: old IO, NIO, async, datagram, HttpClient, URLConnection, resolution

    public static void socketConnect(Integer port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(1);
        }
    }

    public static void socketChannelConnect(Integer port) throws Exception {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    public static void asynchronousSocketConnect(Integer port) throws Exception {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).get(10, TimeUnit.SECONDS);
        }
    }

    public static void datagramSocketSend(Integer port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), port));
        }
    }

    public static void datagramChannelSend(Integer port) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    public static Integer serverSocketListen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return server.getLocalPort();
        }
    }

    public static Object serverSocketChannelListen() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            return server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getLocalAddress();
        }
    }

    public static Object asynchronousServerSocketListen() throws Exception {
        try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) {
            return server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getLocalAddress();
        }
    }

    public static Integer httpClientGet(Integer port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    public static Integer urlConnectionGet(Integer port) throws Exception {
        java.net.HttpURLConnection connection =
                (java.net.HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    public static void unixSocketConnect(Path socketFile) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketFile));
        }
    }

    public static Object resolve(String host) throws Exception {
        return InetAddress.getByName(host);
    }

    // reflection, private lookups, class definition, class loaders, Unsafe

    public static Object readPrivateField() throws Exception {
        Field secret = HostSecrets.class.getDeclaredField("secret");
        secret.setAccessible(true);
        return secret.get(null);
    }

    public static Boolean trySetAccessible() throws Exception {
        return HostSecrets.class.getDeclaredField("secret").trySetAccessible();
    }

    public static Object readOwnPrivateField() throws Exception {
        Field own = ExtensionActions.class.getDeclaredField("ownSecret");
        own.setAccessible(true);
        return own.get(null);
    }

    @SuppressWarnings("unused")
    private static String ownSecret = "extension's own";

    public static Object privateLookupIn() throws Throwable {
        return MethodHandles.privateLookupIn(HostSecrets.class, MethodHandles.lookup())
                .findStaticGetter(HostSecrets.class, "secret", String.class).invoke();
    }

    public static Object theUnsafe() throws Exception {
        Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        return theUnsafe.get(null);
    }

    /** Called directly: the JDK filters getUnsafe out of reflection. */
    public static Object getUnsafe() {
        return sun.misc.Unsafe.getUnsafe();
    }

    /** Defines a class inside the platform's loader through a lookup a platform API leaked. */
    public static Object defineClassInPlatformLoader(byte[] classBytes) throws Exception {
        return HostSecrets.leakLookup().defineClass(classBytes);
    }

    public static Object newClassLoader() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
            return loader.getName();
        }
    }

    /** A module layer gets a class loader of the JDK's jdk.internal.loader package: still a new loader. */
    public static Object newModuleLayer() {
        java.lang.module.Configuration empty = ModuleLayer.boot().configuration().resolve(
                java.lang.module.ModuleFinder.of(), java.lang.module.ModuleFinder.of(), java.util.Set.of());
        return ModuleLayer.boot().defineModulesWithOneLoader(empty, ExtensionActions.class.getClassLoader());
    }

    // threads

    public static Boolean startThread() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Thread thread = new Thread(() -> ran.set(true));
        thread.start();
        thread.join();
        return ran.get();
    }

    /** Virtual threads (21+), by reflection: this class is compiled for 17. */
    public static Boolean startVirtualThread() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable task = () -> ran.set(true);
        Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
        thread.join();
        return ran.get();
    }

    public static void setContextClassLoader() {
        Thread.currentThread().setContextClassLoader(ExtensionActions.class.getClassLoader());
    }

    public static void renameThread(Thread thread) {
        thread.setName("renamed by extension");
    }

    public static String renameOwnThread() throws Exception {
        String[] name = new String[1];
        Thread own = new Thread(() -> { });
        own.setDaemon(true);
        own.start();
        own.setName("own");
        own.join();
        name[0] = own.getName();
        return name[0];
    }

    public static void setDefaultUncaughtExceptionHandler() {
        Thread.setDefaultUncaughtExceptionHandler(Thread.getDefaultUncaughtExceptionHandler());
    }

    // JVM-global setters, shutdown hooks, serialization filter, JNDI, attach

    public static void setOut() {
        System.setOut(new PrintStream(System.out));
    }

    @SuppressWarnings("removal")
    public static void setSecurityManager() {
        System.setSecurityManager(null);
    }

    public static void setProperty(String key) {
        System.setProperty(key, "set by extension");
    }

    public static void clearProperty(String key) {
        System.clearProperty(key);
    }

    public static void setProperties() {
        System.setProperties(new Properties(System.getProperties()));
    }

    public static void addSecurityProvider() {
        Security.addProvider(Security.getProviders()[0]);
    }

    public static void setDefaultSslContext() throws Exception {
        javax.net.ssl.SSLContext.setDefault(javax.net.ssl.SSLContext.getDefault());
    }

    public static void setUrlStreamHandlerFactory() {
        URL.setURLStreamHandlerFactory(protocol -> null);
    }

    public static void setDefaultHostnameVerifier() {
        javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier(
                javax.net.ssl.HttpsURLConnection.getDefaultHostnameVerifier());
    }

    public static void addShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { }));
    }

    public static void setSerialFilter() {
        java.io.ObjectInputFilter.Config.setSerialFilter(info -> java.io.ObjectInputFilter.Status.UNDECIDED);
    }

    public static Object jndiLookup(String name) throws Exception {
        return new javax.naming.InitialContext().lookup(name);
    }

    public static Object attach(String pid) throws Exception {
        return com.sun.tools.attach.VirtualMachine.attach(pid);
    }

    /** The platform deputy case: a trusted helper writes on its own authority. */
    public static void writeThroughPlatformHelper(Path file) throws Exception {
        HostSecrets.writeFor(file);
    }
}
