package org.gatehouse.itest.sandbox.extension;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Security;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipFile;
import javax.net.ssl.SSLContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The extension's code in the behaviour matrix: one tiny sensitive action per escape route of
 * docs/threat-model.md "Escape routes", each {@code public static Object name(Object argument)}. The test copies this class
 * into an extension bundle (it imports nothing but {@code org.osgi.framework}) and calls the
 * bundle's copy by reflection, so the first frame that is not JDK code is this class, defined
 * by the extension's class loader. Nothing here catches a denial: it reaches the test.
 */
public final class SensitiveActions {

    private SensitiveActions() {
    }

    // ---- exit, processes, native code ----

    public static Object systemExit(Object status) {
        System.exit((Integer) status);
        return null;
    }

    public static Object runtimeExit(Object status) {
        Runtime.getRuntime().exit((Integer) status);
        return null;
    }

    public static Object runtimeHalt(Object status) {
        Runtime.getRuntime().halt((Integer) status);
        return null;
    }

    /** docs/threat-model.md "Escape routes": a method reference hides the caller unless the stack walk shows hidden frames. */
    public static Object exitByMethodReference(Object status) {
        Optional.of((Integer) status).ifPresent(System::exit);
        return null;
    }

    /** {@code touch <marker>}: the marker exists only if the process ran. */
    public static Object startProcess(Object marker) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("touch", marker.toString()).start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public static Object loadNativeLibrary(Object path) {
        System.load(path.toString());
        return path;
    }

    /** {@code Linker.nativeLinker()} (Java 22+), by reflection so this class compiles for 17. */
    public static Object foreignLinker(Object unused) throws ReflectiveOperationException {
        return Class.forName("java.lang.foreign.Linker").getMethod("nativeLinker").invoke(null);
    }

    // ---- files, through every API family ----

    public static Object readWithFileInputStream(Object file) throws IOException {
        try (InputStream in = new FileInputStream(file.toString())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static Object writeWithFileOutputStream(Object file) throws IOException {
        try (OutputStream out = new FileOutputStream(file.toString())) {
            out.write("written".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** A link at {@code link} to the readable file beside it. */
    public static Object makeSymbolicLink(Object link) throws IOException {
        Path at = Path.of(link.toString());
        return Files.createSymbolicLink(at, at.resolveSibling("readable.txt"));
    }

    public static Object writeWithFiles(Object file) throws IOException {
        return Files.writeString(Path.of(file.toString()), "written");
    }

    public static Object readWithFileChannel(Object file) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(file.toString()), StandardOpenOption.READ)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) channel.size());
            channel.read(buffer);
            return new String(buffer.array(), StandardCharsets.UTF_8);
        }
    }

    public static Object readWithRandomAccessFile(Object file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toString(), "r")) {
            return raf.readLine();
        }
    }

    public static Object openZipFile(Object file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toString())) {
            return zip.size();
        }
    }

    public static Object readFileUrl(Object file) throws IOException {
        try (InputStream in = Path.of(file.toString()).toUri().toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A JDK deputy: java.util.logging's FileHandler opens the file for the extension. */
    public static Object writeThroughLoggingDeputy(Object file) throws IOException {
        java.util.logging.FileHandler handler = new java.util.logging.FileHandler(file.toString());
        handler.close();
        return file;
    }

    // ---- sockets, through every API family (argument: "host:port") ----

    public static Object connectSocket(Object target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address(target), 10_000);
            return socket.getPort();
        }
    }

    public static Object connectSocketChannel(Object target) throws IOException {
        try (SocketChannel channel = SocketChannel.open(address(target))) {
            return channel.isConnected();
        }
    }

    public static Object connectAsynchronousChannel(Object target) throws Exception {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(address(target)).get(10, TimeUnit.SECONDS);
            return channel.isOpen();
        }
    }

    public static Object sendDatagram(Object target) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            byte[] payload = "datagram".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(payload, payload.length, address(target)));
            return payload.length;
        }
    }

    public static Object getWithHttpClient(Object target) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target + "/matrix")).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public static Object getWithUrlConnection(Object target) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://" + target + "/matrix").openConnection();
        try {
            connection.setConnectTimeout(10_000);
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private static InetSocketAddress address(Object target) {
        String text = target.toString();
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    // ---- reaching into platform code (argument: {the private Field "secret" of a platform class, a
    //      platform object}: the Field is handed over, as a platform API that leaked it would; finding
    //      it is a class-space request of its own, the rows below) ----

    public static Object setAccessibleOnPlatformField(Object fieldAndObject) throws ReflectiveOperationException {
        Object[] pair = (Object[]) fieldAndObject;
        Field secret = (Field) pair[0];
        secret.setAccessible(true);
        return secret.get(pair[1]);
    }

    public static Object trySetAccessibleOnPlatformField(Object fieldAndObject) throws ReflectiveOperationException {
        Object[] pair = (Object[]) fieldAndObject;
        Field secret = (Field) pair[0];
        return secret.trySetAccessible() ? secret.get(pair[1]) : "not accessible";
    }

    public static Object privateLookupInPlatformClass(Object fieldAndObject) throws Throwable {
        Object[] pair = (Object[]) fieldAndObject;
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(pair[1].getClass(), MethodHandles.lookup());
        return lookup.unreflectGetter((Field) pair[0]).invoke(pair[1]);
    }

    // ---- the extension's class space (argument: a platform object of a class it does not import) ----

    public static Object loaderOfPlatformObject(Object platformObject) {
        return platformObject.getClass().getClassLoader();
    }

    public static Object methodsOfPlatformObject(Object platformObject) {
        return platformObject.getClass().getMethods().length;
    }

    // ---- reads, logging control, JNDI below InitialContext ----

    public static Object readProperty(Object key) {
        return System.getProperty(key.toString());
    }

    public static Object readEnvironment(Object name) {
        return System.getenv(name.toString());
    }

    public static Object silenceLogger(Object name) {
        java.util.logging.Logger.getLogger(name.toString()).setLevel(java.util.logging.Level.OFF);
        return "silenced";
    }

    /** {@code NamingManager.getInitialContext} by reflection: javax.naming.spi is not imported by bundles. */
    public static Object namingManagerContext(Object unused) throws Throwable {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        Class<?> naming = Class.forName("javax.naming.spi.NamingManager", true, null);
        try {
            return naming.getMethod("getInitialContext", Hashtable.class).invoke(null, environment) != null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Argument: {Lookup of a platform class (leaked to the extension), bytes of a class of its package}. */
    public static Object defineClassInPlatformLoader(Object lookupAndBytes) throws IllegalAccessException {
        Object[] pair = (Object[]) lookupAndBytes;
        return ((MethodHandles.Lookup) pair[0]).defineClass((byte[]) pair[1]);
    }

    public static Object newClassLoader(Object unused) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
            return loader.toString();
        }
    }

    public static Object theUnsafeField(Object unused) throws ReflectiveOperationException {
        Class<?> unsafe = Class.forName("sun.misc.Unsafe", false, null);
        Field field = unsafe.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return field.get(null).getClass().getName();
    }

    // ---- JVM-global setters ----

    /** Puts the same stream back: a granted run changes nothing for the rest of the JVM. */
    public static Object setSystemOut(Object unused) {
        PrintStream out = System.out;
        System.setOut(out);
        return "set";
    }

    public static Object setSystemProperty(Object key) {
        return System.setProperty(key.toString(), "set by an extension");
    }

    public static Object setDefaultCookieHandler(Object unused) {
        // none is installed (reading the default back is a permission of its own: runtime getCookieHandler)
        java.net.CookieHandler.setDefault(null);
        return "set";
    }

    public static Object setDefaultHostnameVerifier(Object unused) {
        javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier(javax.net.ssl.HttpsURLConnection.getDefaultHostnameVerifier());
        return "set";
    }

    public static Object setDefaultUncaughtExceptionHandler(Object unused) {
        Thread.setDefaultUncaughtExceptionHandler(Thread.getDefaultUncaughtExceptionHandler());
        return "set";
    }

    /** Argument: the provider (made by the test); a granted run adds it and the test removes it. */
    public static Object addSecurityProvider(Object provider) {
        return Security.addProvider((java.security.Provider) provider);
    }

    public static Object setDefaultSslContext(Object unused) throws java.security.NoSuchAlgorithmException {
        SSLContext.setDefault(SSLContext.getDefault());
        return "set";
    }

    /** Argument: the hook thread (made by the test, which removes it after a granted run). */
    public static Object addShutdownHook(Object hook) {
        Runtime.getRuntime().addShutdownHook((Thread) hook);
        return "added";
    }

    public static Object setSerialFilter(Object unused) {
        java.io.ObjectInputFilter.Config.setSerialFilter(info -> java.io.ObjectInputFilter.Status.UNDECIDED);
        return "set";
    }

    // ---- threads ----

    public static Object startThread(Object unused) throws InterruptedException {
        boolean[] ran = new boolean[1];
        Thread thread = new Thread(() -> ran[0] = true, "matrix-extension-thread");
        thread.start();
        thread.join(10_000);
        return ran[0];
    }

    /**
     * Argument: {@code {CountDownLatch release, AtomicInteger running}}. Starts a thread that counts
     * itself in {@code running} and waits for {@code release}; returns the thread (thread budget).
     */
    public static Object startWaitingThread(Object releaseAndRunning) {
        Object[] parts = (Object[]) releaseAndRunning;
        CountDownLatch release = (CountDownLatch) parts[0];
        AtomicInteger running = (AtomicInteger) parts[1];
        Thread thread = new Thread(() -> {
            running.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "matrix-waiting-thread");
        thread.start();
        return thread;
    }

    /** Argument: a class loader to put on the current (platform-created) thread. */
    public static Object swapContextClassLoader(Object loader) {
        Thread.currentThread().setContextClassLoader((ClassLoader) loader);
        return "swapped";
    }

    /** Argument: a thread group of the platform; interrupts every thread in it. */
    public static Object interruptThreadGroup(Object group) {
        ((ThreadGroup) group).interrupt();
        return "interrupted";
    }

    // ---- accepting connections, multicast ----

    /**
     * Argument: a server socket of the platform with a connection waiting in its backlog; accepts
     * it and writes one byte the client can see. Returns the peer's port.
     */
    public static Object acceptConnection(Object server) throws IOException {
        try (Socket accepted = ((ServerSocket) server).accept()) {
            accepted.getOutputStream().write(1);
            return accepted.getPort();
        }
    }

    /** Argument: a multicast group literal; joins it on the loopback interface. Returns the group joined. */
    public static Object joinMulticastGroup(Object group) throws IOException {
        InetAddress address = InetAddress.getByName((String) group);
        NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            return channel.join(address, loopback).group().getHostAddress();
        }
    }

    // ---- JNDI, attach ----

    /**
     * {@code new InitialContext(env).lookup(name)}, by reflection: the class space keeps
     * {@code javax.naming} from extensions, so a determined one reaches it through the JDK's loader.
     */
    public static Object jndiLookup(Object name) throws Throwable {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put("com.sun.jndi.ldap.connect.timeout", "2000");
        Class<?> initialContext = Class.forName("javax.naming.InitialContext", true, null);
        try {
            Object context = initialContext.getConstructor(Hashtable.class).newInstance(environment);
            return initialContext.getMethod("lookup", String.class).invoke(context, name.toString());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * {@code VirtualMachine.attach(pid)} by reflection: jdk.attach is not visible to bundles, and its
     * loader (the application class loader) is outside the extension's class space: two gates.
     */
    public static Object attachToSelf(Object pid) throws Throwable {
        Class<?> vm = ClassLoader.getSystemClassLoader().loadClass("com.sun.tools.attach.VirtualMachine");
        try {
            return vm.getMethod("attach", String.class).invoke(null, pid.toString());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    // ---- OSGi framework and bundles ----

    // ---- tasks of JDK code alone, signals, management ----

    /**
     * The asynchronous hand-off: a Runnable of JDK code only (a boot-loader proxy whose
     * EventHandler runs a java.beans Statement) run by the common pool, on a worker with no frame
     * of this class on its stack.
     */
    public static Object setPropertyThroughPooledEventHandler(Object key) throws Exception {
        java.beans.Statement set = new java.beans.Statement(System.class, "setProperty", new Object[] {key, "from the pool"});
        Runnable jdkOnly = (Runnable) java.lang.reflect.Proxy.newProxyInstance(null, new Class<?>[] {Runnable.class},
                new java.beans.EventHandler(set, "execute", null, null));
        java.util.concurrent.ForkJoinPool.commonPool().submit(jdkOnly).get(10, TimeUnit.SECONDS);
        return System.getProperty((String) key);
    }

    /** The same hand-off from a method handle bound to its arguments. */
    public static Object setPropertyThroughPooledMethodHandleProxy(Object key) throws Exception {
        java.lang.invoke.MethodHandle setProperty = MethodHandles.publicLookup().findStatic(System.class, "setProperty",
                java.lang.invoke.MethodType.methodType(String.class, String.class, String.class));
        Runnable jdkOnly = java.lang.invoke.MethodHandleProxies.asInterfaceInstance(Runnable.class,
                MethodHandles.dropReturn(MethodHandles.insertArguments(setProperty, 0, key, "from the pool")));
        java.util.concurrent.ForkJoinPool.commonPool().submit(jdkOnly).get(10, TimeUnit.SECONDS);
        return System.getProperty((String) key);
    }

    /** Installs this extension's handler for WINCH (a signal the JVM leaves alone); returns the previous one. */
    public static Object handleSignal(Object unused) throws Exception {
        Class<?> signal = Class.forName("sun.misc.Signal", true, null);
        Class<?> handler = Class.forName("sun.misc.SignalHandler", true, null);
        // defined by the boot loader, which sees the interface; its own loader does not (sun.misc is not in its class space)
        Object counting = java.lang.reflect.Proxy.newProxyInstance(null, new Class<?>[] {handler}, (proxy, method, args) -> null);
        return signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("WINCH"),
                counting);
    }

    /** Raises WINCH in the element's process (its default action does nothing). */
    public static Object raiseSignal(Object unused) throws Exception {
        Class<?> signal = Class.forName("sun.misc.Signal", true, null);
        try {
            signal.getMethod("raise", signal).invoke(null, signal.getConstructor(String.class).newInstance("WINCH"));
            return "raised";
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** By reflection: javax.management is not a java.* package, so the bundle cannot link to it directly. */
    public static Object platformMBeanServer(Object unused) throws Exception {
        Object server = java.lang.management.ManagementFactory.class.getMethod("getPlatformMBeanServer").invoke(null);
        return Class.forName("javax.management.MBeanServer", true, null).getMethod("getDefaultDomain")
                .invoke(server);
    }

    public static Object stopSystemBundle(Object unused) throws Exception {
        context().getBundle(0).stop();
        return "stopped";
    }

    public static Object installBundle(Object location) throws Exception {
        return context().installBundle(location.toString()).getBundleId();
    }

    /** Argument: a bundle find hook object (made by the test), registered under its hook interface. */
    public static Object registerBundleFindHook(Object hook) {
        return context().registerService("org.osgi.framework.hooks.bundle.FindHook", hook, null).getReference().getProperty("service.id");
    }

    private static BundleContext context() {
        return FrameworkUtil.getBundle(SensitiveActions.class).getBundleContext();
    }
}
