package org.gatehouse.itest.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What the sensitive actions aim at, owned by the test (platform code): files in a scratch folder
 * under the data folder ({@code ${gatehouse.data}/matrix}), and real loopback servers on
 * ephemeral ports that count what reaches them (TCP accepts, datagrams, HTTP requests), a server
 * socket with a connection waiting to be accepted, and a group of platform threads, so every row
 * can tell whether its effect happened.
 */
final class MatrixWorld implements AutoCloseable {
    static final String FILE_CONTENT = "matrix file";
    static final String PROPERTY_KEY = "gatehouse.matrix.property";
    static final String DEFERRED_PROPERTY_KEY = "gatehouse.matrix.deferred";
    /** A property the extension may read only when granted; set by the test for every world. */
    static final String SECRET_PROPERTY_KEY = "gatehouse.matrix.secret";
    static final String SECRET_PROPERTY_VALUE = "matrix secret";
    /** An administratively scoped multicast group (RFC 2365), joined on the loopback interface only. */
    static final String MULTICAST_GROUP = "239.255.77.78";

    final SandboxedFramework element;
    final Path scratch;
    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final HttpServer http;
    final AtomicInteger tcpAccepts = new AtomicInteger();
    final AtomicInteger datagrams = new AtomicInteger();
    final AtomicInteger httpRequests = new AtomicInteger();
    final AtomicInteger groupInterrupts = new AtomicInteger();
    /** A group of platform threads, standing in for the element's event loops. */
    final ThreadGroup platformGroup = new ThreadGroup("matrix-platform-group");
    private Thread groupMember;
    private ServerSocket acceptServer;
    private Socket waitingClient;
    private final Thread tcpAcceptor;
    private final Thread udpReceiver;

    MatrixWorld(SandboxedFramework element) throws IOException {
        this.element = element;
        System.setProperty(SECRET_PROPERTY_KEY, SECRET_PROPERTY_VALUE);
        this.scratch = Files.createDirectories(element.dataDir().resolve("matrix"));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        tcp = new ServerSocket(0, 50, loopback);
        tcpAcceptor = daemon("matrix-tcp", () -> {
            while (!tcp.isClosed()) {
                try (Socket accepted = tcp.accept()) {
                    tcpAccepts.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        udpReceiver = daemon("matrix-udp", () -> {
            byte[] buffer = new byte[64];
            while (!udp.isClosed()) {
                try {
                    udp.receive(new DatagramPacket(buffer, buffer.length));
                    datagrams.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        });
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        http.createContext("/", exchange -> {
            httpRequests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        tcpAcceptor.start();
        udpReceiver.start();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Puts every target back in its starting state before a row runs. */
    void reset() throws IOException {
        try (Stream<Path> files = Files.walk(scratch)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(scratch)) {
                    Files.delete(file);
                }
            }
        }
        Files.writeString(readable(), FILE_CONTENT);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive()))) {
            zip.putNextEntry(new ZipEntry("entry.txt"));
            zip.write(FILE_CONTENT.getBytes(StandardCharsets.UTF_8));
        }
        tcpAccepts.set(0);
        datagrams.set(0);
        httpRequests.set(0);
        System.clearProperty(PROPERTY_KEY);
        System.clearProperty(DEFERRED_PROPERTY_KEY);
        groupInterrupts.set(0);
        if (groupMember == null || !groupMember.isAlive()) {
            groupMember = new Thread(platformGroup, this::sleepUntilInterrupted, "matrix-group-member");
            groupMember.setDaemon(true);
            groupMember.start();
        }
        closeAcceptTarget();
        acceptServer = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        waitingClient = new Socket(acceptServer.getInetAddress(), acceptServer.getLocalPort());
        waitingClient.setSoTimeout(2_000);
    }

    private void sleepUntilInterrupted() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            groupInterrupts.incrementAndGet();
        }
    }

    /** A platform server socket with one connection waiting in its backlog (fresh for each row). */
    ServerSocket acceptServer() {
        return acceptServer;
    }

    /** The waiting connection's peer, as the server sees it. */
    String waitingClientAddress() {
        return "127.0.0.1:" + waitingClient.getLocalPort();
    }

    /** Whether the waiting client's connection was accepted and served: it reads the byte the acceptor writes. */
    boolean waitingClientWasServed() throws IOException {
        try {
            return waitingClient.getInputStream().read() == 1;
        } catch (SocketException | SocketTimeoutException closedOrNeverAccepted) {
            return false;
        }
    }

    private void closeAcceptTarget() throws IOException {
        if (waitingClient != null) {
            waitingClient.close();
        }
        if (acceptServer != null) {
            acceptServer.close();
        }
    }

    Path readable() {
        return scratch.resolve("readable.txt");
    }

    Path archive() {
        return scratch.resolve("archive.zip");
    }

    Path writable() {
        return scratch.resolve("written.txt");
    }

    /** Where the extension tries to place a symbolic link to {@link #readable()}. */
    Path link() {
        return scratch.resolve("link-to-readable");
    }

    Path processMarker() {
        return scratch.resolve("process-ran");
    }

    String tcpTarget() {
        return "127.0.0.1:" + tcp.getLocalPort();
    }

    String udpTarget() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    String httpTarget() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    /** A small valid bundle the extension may try to install; its {@code file:} location. */
    String installableBundle() throws IOException {
        Path jar = scratch.resolve("installable.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.gatehouse.itest.matrix.installed");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest is all a bundle needs
        }
        return jar.toUri().toString();
    }

    /** Waits a little for an asynchronous effect (an accept on another thread) to be counted. */
    static boolean eventually(AtomicInteger counter) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (counter.get() == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return counter.get() > 0;
    }

    /** A logger of this world alone, so a level set in one column is not seen in another. */
    String loggerName() {
        return "org.gatehouse.matrix.log." + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public void close() throws SocketException {
        http.stop(0);
        udp.close();
        if (groupMember != null) {
            groupMember.interrupt();
        }
        try {
            tcp.close();
            closeAcceptTarget();
        } catch (IOException e) {
            // closing listening sockets at the end of the tests: nothing to do
        }
    }
}
