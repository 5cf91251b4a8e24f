package org.gatehouse.sandbox.agent;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.PasswordAuthentication;
import java.net.ResponseCache;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What the JVM holds for whoever asks (docs/sandbox.md "What the JDK checked"): other threads'
 * frames, the default authenticator and what it answers, the default cookie handler and response
 * cache, the host's interface addresses. One tiny action each, run from an {@link ExtensionLoader}
 * (the extension) and from the test's own loader (trusted code).
 */
public final class HostInformationActions {
    private HostInformationActions() {
    }

    public static StackTraceElement[] stackTraceOf(Object thread) {
        return ((Thread) thread).getStackTrace();
    }

    public static int allStackTraces() {
        return Thread.getAllStackTraces().size();
    }

    /** The frames of a thread the caller started itself, while it waits. */
    public static int ownThreadsStackTrace() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread own = new Thread(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "extension-own");
        own.start();
        try {
            while (own.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            return own.getStackTrace().length;
        } finally {
            done.countDown();
            own.join();
        }
    }

    public static Object defaultAuthenticator() {
        return Authenticator.getDefault();
    }

    public static PasswordAuthentication askTheAuthenticator() throws Exception {
        return Authenticator.requestPasswordAuthentication("db.example", InetAddress.getLoopbackAddress(), 5432, "tcp", "db", "basic");
    }

    public static Object defaultCookieHandler() {
        return CookieHandler.getDefault();
    }

    public static Object defaultResponseCache() {
        return ResponseCache.getDefault();
    }

    public static List<InetAddress> loopbackAddresses() throws Exception {
        return Collections.list(NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()).getInetAddresses());
    }

    public static long loopbackAddressesStreamed() throws Exception {
        return NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()).inetAddresses().count();
    }

    public static int loopbackInterfaceAddresses() throws Exception {
        return NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()).getInterfaceAddresses().size();
    }

    public static byte[] loopbackHardwareAddress() throws Exception {
        return NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()).getHardwareAddress();
    }

    /** The JDK reads the default authenticator for itself here: no request of the caller. */
    public static Map<String, String> jdkReadsForItself() {
        return Map.of("loopback", InetAddress.getLoopbackAddress().getHostAddress());
    }
}
