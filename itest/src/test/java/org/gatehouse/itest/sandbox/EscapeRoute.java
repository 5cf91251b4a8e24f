package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * One row of the behaviour matrix: an escape route of docs/threat-model.md "Escape routes" as one action of
 * {@code SensitiveActions}, the argument the test gives it, the permission a denial must name, and
 * how the test sees whether the effect happened (from the outside: a file, a server's counter, a
 * JVM-global value). Routes that must never run granted in a JVM the tests need say why.
 */
record EscapeRoute(String name, String action, Function<MatrixWorld, Object> argument,
        Function<MatrixWorld, String> permission, Effect effect, String neverGrantedBecause, int sinceJava) {

    /** Whether the action's effect happened, given what it returned (or threw, when not a denial). */
    interface Effect {
        boolean happened(MatrixWorld world, Object outcome) throws Exception;
    }

    private static final String EXIT_IN_TEST_JVM = "a granted exit or halt would end the JVM that runs the matrix;"
            + " ExitFromAnExtensionIT runs the granted exit in the element's own process instead";

    static EscapeRoute route(String name, String action, Function<MatrixWorld, Object> argument,
            Function<MatrixWorld, String> permission, Effect effect) {
        return new EscapeRoute(name, action, argument, permission, effect, null, 17);
    }

    EscapeRoute neverGranted(String reason) {
        return new EscapeRoute(name, action, argument, permission, effect, reason, sinceJava);
    }

    EscapeRoute since(int javaRelease) {
        return new EscapeRoute(name, action, argument, permission, effect, neverGrantedBecause, javaRelease);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Every row, in the order of docs/threat-model.md "Escape routes". */
    static List<EscapeRoute> all() {
        return List.of(
                exit("System.exit", "systemExit"),
                exit("Runtime.exit", "runtimeExit"),
                exit("Runtime.halt", "runtimeHalt"),
                exit("Optional.of(0).ifPresent(System::exit)", "exitByMethodReference"),
                route("ProcessBuilder.start", "startProcess", w -> w.processMarker().toString(),
                        w -> "process touch execute", (w, outcome) -> Files.exists(w.processMarker())),
                route("System.load of a shared library", "loadNativeLibrary", w -> NativeLibraries.notYetLoaded().toString(),
                        w -> "native " + NativeLibraries.notYetLoaded() + " load",
                        (w, outcome) -> NativeLibraries.isLoaded(NativeLibraries.notYetLoaded())),
                route("foreign function API: Linker.nativeLinker", "foreignLinker", w -> null,
                        w -> "native ffm link", (w, outcome) -> outcome != null && outcome.getClass().getName().contains("Linker"))
                        .since(22),
                fileRead("java.io FileInputStream", "readWithFileInputStream"),
                route("java.io FileOutputStream", "writeWithFileOutputStream", w -> w.writable().toString(),
                        w -> "file " + w.writable() + " write", (w, outcome) -> Files.exists(w.writable())),
                route("NIO Files.writeString", "writeWithFiles", w -> w.writable().toString(),
                        w -> "file " + w.writable() + " write", (w, outcome) -> Files.exists(w.writable())),
                fileRead("NIO FileChannel", "readWithFileChannel"),
                fileRead("RandomAccessFile", "readWithRandomAccessFile"),
                // a link deeper than its target, plus .., would climb out of any granted folder
                route("NIO Files.createSymbolicLink inside a granted folder", "makeSymbolicLink", w -> w.link().toString(),
                        w -> "runtime createSymbolicLink", (w, outcome) -> Files.isSymbolicLink(w.link())),
                route("ZipFile", "openZipFile", w -> w.archive().toString(), w -> "file " + w.archive() + " read",
                        (w, outcome) -> Integer.valueOf(1).equals(outcome)),
                fileRead("URL file:", "readFileUrl"),
                route("confused deputy: java.util.logging.FileHandler", "writeThroughLoggingDeputy", w -> w.writable().toString(),
                        w -> "file " + w.writable() + ".lck write", (w, outcome) -> Files.exists(Path.of(w.writable() + ".lck"))
                                || Files.exists(w.writable())),
                socket("Socket", "connectSocket"),
                socket("SocketChannel", "connectSocketChannel"),
                // the channel group's thread is started first, for the extension: that is the first denial
                route("AsynchronousSocketChannel", "connectAsynchronousChannel", MatrixWorld::tcpTarget,
                        w -> "runtime createThread", (w, outcome) -> MatrixWorld.eventually(w.tcpAccepts)),
                route("DatagramSocket", "sendDatagram", MatrixWorld::udpTarget, w -> "socket " + w.udpTarget() + " connect",
                        (w, outcome) -> MatrixWorld.eventually(w.datagrams)),
                route("HttpClient", "getWithHttpClient", MatrixWorld::httpTarget, w -> "runtime createThread",
                        (w, outcome) -> Integer.valueOf(204).equals(outcome) && w.httpRequests.get() > 0),
                route("ServerSocket.accept of a connection the platform's server holds", "acceptConnection",
                        MatrixWorld::acceptServer, w -> "socket " + w.waitingClientAddress() + " accept",
                        (w, outcome) -> w.waitingClientWasServed()),
                route("DatagramChannel.join of a multicast group", "joinMulticastGroup", w -> MatrixWorld.MULTICAST_GROUP,
                        w -> "socket " + MatrixWorld.MULTICAST_GROUP + ":0 accept",
                        (w, outcome) -> MatrixWorld.MULTICAST_GROUP.equals(outcome)),
                route("HttpURLConnection", "getWithUrlConnection", MatrixWorld::httpTarget,
                        w -> "socket " + w.httpTarget() + " connect",
                        (w, outcome) -> Integer.valueOf(204).equals(outcome) && w.httpRequests.get() > 0),
                platformSecret("setAccessible into a platform class", "setAccessibleOnPlatformField", "suppressAccessChecks"),
                platformSecret("trySetAccessible into a platform class", "trySetAccessibleOnPlatformField", "suppressAccessChecks"),
                platformSecret("MethodHandles.privateLookupIn a platform class", "privateLookupInPlatformClass", "privateLookup"),
                route("class space: the class loader of a platform object", "loaderOfPlatformObject", w -> new PlatformSecret(),
                        w -> "runtime getClassLoader", (w, outcome) -> outcome instanceof ClassLoader),
                route("class space: reflection on a platform object's class", "methodsOfPlatformObject", w -> new PlatformSecret(),
                        w -> "reflect classSpace:" + PlatformSecret.class.getName(), (w, outcome) -> outcome instanceof Integer n && n > 0),
                route("Lookup.defineClass into the platform's loader", "defineClassInPlatformLoader",
                        w -> new Object[] {SmuggledClassBytes.platformLookup(), SmuggledClassBytes.bytes()},
                        w -> "runtime defineClass", (w, outcome) -> SmuggledClassBytes.wasDefined(outcome)),
                route("new URLClassLoader", "newClassLoader", w -> null, w -> "runtime createClassLoader",
                        (w, outcome) -> outcome instanceof String s && s.contains("URLClassLoader")),
                route("sun.misc.Unsafe.theUnsafe", "theUnsafeField", w -> null, w -> "reflect suppressAccessChecks:sun.misc.Unsafe",
                        (w, outcome) -> "sun.misc.Unsafe".equals(outcome)),
                route("System.setOut", "setSystemOut", w -> null, w -> "runtime setIO", (w, outcome) -> "set".equals(outcome)),
                route("System.setProperty", "setSystemProperty", w -> MatrixWorld.PROPERTY_KEY,
                        w -> "property " + MatrixWorld.PROPERTY_KEY + " write",
                        (w, outcome) -> System.getProperty(MatrixWorld.PROPERTY_KEY) != null),
                route("CookieHandler.setDefault", "setDefaultCookieHandler", w -> null,
                        w -> "runtime setFactory", (w, outcome) -> "set".equals(outcome)),
                route("Thread.setDefaultUncaughtExceptionHandler", "setDefaultUncaughtExceptionHandler", w -> null,
                        w -> "runtime setDefaultHandler", (w, outcome) -> "set".equals(outcome)),
                route("HttpsURLConnection.setDefaultHostnameVerifier", "setDefaultHostnameVerifier", w -> null,
                        w -> "runtime setFactory", (w, outcome) -> "set".equals(outcome)),
                route("Security.addProvider", "addSecurityProvider", w -> GlobalState.provider(),
                        w -> "runtime setSecurityProvider", (w, outcome) -> GlobalState.providerInstalled()),
                route("SSLContext.setDefault", "setDefaultSslContext", w -> null, w -> "runtime setDefaultSSLContext",
                        (w, outcome) -> "set".equals(outcome)),
                route("Runtime.addShutdownHook", "addShutdownHook", w -> GlobalState.shutdownHook(),
                        w -> "runtime shutdownHooks", (w, outcome) -> GlobalState.shutdownHookWasAdded()),
                route("Thread.start", "startThread", w -> null, w -> "runtime createThread",
                        (w, outcome) -> Boolean.TRUE.equals(outcome)),
                route("Thread.setContextClassLoader on a platform thread", "swapContextClassLoader", w -> GlobalState.foreignLoader(),
                        w -> "runtime setContextClassLoader", (w, outcome) -> GlobalState.contextLoaderWasSwapped()),
                route("ThreadGroup.interrupt of the platform's threads", "interruptThreadGroup", w -> w.platformGroup,
                        w -> "runtime modifyThreadGroup", (w, outcome) -> MatrixWorld.eventually(w.groupInterrupts)),
                route("JNDI InitialContext.lookup", "jndiLookup", w -> "ldap://" + w.tcpTarget() + "/cn=matrix",
                        w -> "runtime jndiLookup", (w, outcome) -> outcome instanceof javax.naming.NamingException),
                route("JNDI NamingManager.getInitialContext, below InitialContext", "namingManagerContext", w -> null,
                        w -> "runtime jndiLookup", (w, outcome) -> Boolean.TRUE.equals(outcome)),
                route("System.getProperty", "readProperty", w -> MatrixWorld.SECRET_PROPERTY_KEY,
                        w -> "property " + MatrixWorld.SECRET_PROPERTY_KEY + " read",
                        (w, outcome) -> MatrixWorld.SECRET_PROPERTY_VALUE.equals(outcome)),
                route("System.getenv", "readEnvironment", w -> "PATH", w -> "env PATH read",
                        (w, outcome) -> outcome != null && outcome.equals(System.getenv("PATH"))),
                route("java.util.logging: silence a logger", "silenceLogger", MatrixWorld::loggerName, w -> "runtime loggingControl",
                        (w, outcome) -> java.util.logging.Logger.getLogger(w.loggerName()).getLevel() == java.util.logging.Level.OFF),
                route("ObjectInputFilter.Config.setSerialFilter", "setSerialFilter", w -> null, w -> "runtime setSerialFilter",
                        (w, outcome) -> java.io.ObjectInputFilter.Config.getSerialFilter() != null),
                route("attach: VirtualMachine.attach to the element", "attachToSelf", w -> Long.toString(ProcessHandle.current().pid()),
                        // the first gate: jdk.attach's classes come only from the application class loader
                        w -> "runtime getClassLoader", (w, outcome) -> outcome instanceof IOException),
                route("async hand-off: JDK-only task (EventHandler) run by the common pool",
                        "setPropertyThroughPooledEventHandler", w -> MatrixWorld.DEFERRED_PROPERTY_KEY,
                        w -> "runtime deferredInvocation", (w, outcome) -> System.getProperty(MatrixWorld.DEFERRED_PROPERTY_KEY) != null),
                route("async hand-off: JDK-only task (MethodHandleProxies) run by the common pool",
                        "setPropertyThroughPooledMethodHandleProxy", w -> MatrixWorld.DEFERRED_PROPERTY_KEY,
                        w -> "runtime deferredInvocation", (w, outcome) -> System.getProperty(MatrixWorld.DEFERRED_PROPERTY_KEY) != null),
                route("sun.misc.Signal.handle", "handleSignal", w -> null, w -> "runtime setSignalHandler",
                        (w, outcome) -> outcome != null && !(outcome instanceof Throwable)),
                // raising a signal with no Java handler reaches the JVM, which refuses it: the check came first
                route("sun.misc.Signal.raise", "raiseSignal", w -> null, w -> "runtime raiseSignal",
                        (w, outcome) -> "raised".equals(outcome) || (outcome instanceof IllegalArgumentException e
                                && String.valueOf(e.getMessage()).contains("Unhandled signal"))),
                route("ManagementFactory.getPlatformMBeanServer", "platformMBeanServer", w -> null, w -> "runtime management",
                        (w, outcome) -> "DefaultDomain".equals(outcome)),
                route("OSGi: stop the system bundle", "stopSystemBundle", w -> null, w -> "osgi framework stop",
                        (w, outcome) -> w.element.framework().getState() != Bundle.ACTIVE)
                        .neverGranted("stopping the framework would end the element under test; granting it is a restriction"
                                + " in every shipped and test policy"),
                route("OSGi: install a bundle", "installBundle", w -> uncheckedInstallable(w),
                        w -> "osgi bundle:" + uncheckedInstallable(w) + " install",
                        (w, outcome) -> w.element.framework().getBundleContext().getBundle(uncheckedInstallable(w)) != null),
                route("OSGi: register a hook", "registerBundleFindHook", w -> GlobalState.findHook(),
                        w -> "osgi hook:org.osgi.framework.hooks.bundle.FindHook register",
                        (w, outcome) -> registeredByExtension(w)));
    }

    private static EscapeRoute exit(String name, String action) {
        return route(name, action, w -> 0, w -> "runtime exitVM", (w, outcome) -> false).neverGranted(EXIT_IN_TEST_JVM);
    }

    private static EscapeRoute fileRead(String name, String action) {
        return route(name, action, w -> w.readable().toString(), w -> "file " + w.readable() + " read",
                (w, outcome) -> MatrixWorld.FILE_CONTENT.equals(outcome));
    }

    private static EscapeRoute socket(String name, String action) {
        return route(name, action, MatrixWorld::tcpTarget, w -> "socket " + w.tcpTarget() + " connect",
                (w, outcome) -> MatrixWorld.eventually(w.tcpAccepts));
    }

    private static EscapeRoute platformSecret(String name, String action, String reflectName) {
        return route(name, action, w -> PlatformSecret.fieldAndObject(),
                w -> "reflect " + reflectName + ":" + PlatformSecret.class.getName(),
                (w, outcome) -> PlatformSecret.VALUE.equals(outcome));
    }

    private static String uncheckedInstallable(MatrixWorld world) {
        try {
            return world.installableBundle();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean registeredByExtension(MatrixWorld world) throws Exception {
        ServiceReference<?>[] hooks = world.element.framework().getBundleContext()
                .getAllServiceReferences("org.osgi.framework.hooks.bundle.FindHook", null);
        if (hooks == null) {
            return false;
        }
        for (ServiceReference<?> hook : hooks) {
            if (hook.getBundle() != null && hook.getBundle().equals(world.element.extension())) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of {@code SmuggledClass} and a full-power lookup of its (platform) package, as if leaked. */
    static final class SmuggledClassBytes {
        private SmuggledClassBytes() {
        }

        static MethodHandles.Lookup platformLookup() {
            return MethodHandles.lookup();
        }

        static byte[] bytes() {
            // by name: a class literal would load it from the class path and spoil the check
            String file = "/org/gatehouse/itest/sandbox/SmuggledClass.class";
            try (var in = EscapeRoute.class.getResourceAsStream(file)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Defined when the extension got a class back, or when the test can no longer define it itself. */
        static boolean wasDefined(Object outcome) {
            if (outcome instanceof Class<?> defined) {
                return defined.getClassLoader() == EscapeRoute.class.getClassLoader();
            }
            try {
                platformLookup().defineClass(bytes());
                return false;
            } catch (LinkageError e) {
                return true; // a duplicate definition: the class was there already
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
