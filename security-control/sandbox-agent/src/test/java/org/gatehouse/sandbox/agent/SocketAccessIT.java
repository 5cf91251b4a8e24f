package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sockets through every family, against real servers on loopback (ephemeral ports): a denied
 * connect never reaches the server, a granted one does.
 */
class SocketAccessIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return SocketActions.class;
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Socket names are host:port as the caller wrote them: the loopback address carries the name localhost. */
    private static final String HOST = new InetSocketAddress(LOOPBACK, 0).getHostString();
    private ServerSocket tcpServer;
    private final AtomicInteger accepted = new AtomicInteger();
    private DatagramSocket udpReceiver;
    private HttpServer httpServer;

    @BeforeEach
    void startServers() throws Exception {
        tcpServer = new ServerSocket(0, 50, LOOPBACK);
        Thread acceptor = new Thread(this::acceptForever, "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        udpReceiver = new DatagramSocket(0, LOOPBACK);
        udpReceiver.setSoTimeout(300);
        httpServer = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        httpServer.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        httpServer.start();
        DECIDER.forgetRequests();
    }

    @AfterEach
    void stopServers() throws Exception {
        tcpServer.close();
        udpReceiver.close();
        httpServer.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socketConnect", "socketChannelConnect", "asynchronousSocketConnect"})
    void connectingIsDeniedAndNothingReachesTheServer(String route) throws Exception {
        int port = tcpServer.getLocalPort();
        String target = HOST + ":" + port;
        // the asynchronous channel group starts JDK threads on first use
        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            assertDenied("socket " + target + " connect", () -> extension.run(route, port));
            Thread.sleep(100);
            assertEquals(0, accepted.get());

            granted("socket", target, () -> extension.run(route, port));
            trusted.run(route, port);
        }

        waitFor(() -> accepted.get() == 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"datagramSocketSend", "datagramChannelSend"})
    void sendingDatagramsIsDeniedAndNothingArrives(String route) throws Exception {
        int port = udpReceiver.getLocalPort();
        String target = HOST + ":" + port;

        try (AutoCloseable bind = DECIDER.grant("socket", HOST + ":0")) {
            assertDenied("socket " + target + " connect", () -> extension.run(route, port));
        }
        assertEquals(0, receivedDatagrams());

        granted("socket", "", () -> extension.run(route, port));
        assertEquals(1, receivedDatagrams());
    }

    @ParameterizedTest
    @ValueSource(strings = {"serverSocketListen", "serverSocketChannelListen", "asynchronousServerSocketListen"})
    void listeningIsDeniedAndAllowedWhenGranted(String route) throws Exception {
        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            assertDenied("socket " + HOST + ":0 listen", () -> extension.run(route));

            assertTrue(granted("socket", HOST + ":0", () -> extension.run(route)) != null);
            assertTrue(trusted.run(route) != null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"httpClientGet", "urlConnectionGet"})
    void httpClientsEndInTheSocketCheck(String route) throws Exception {
        int port = httpServer.getAddress().getPort();
        String target = "127.0.0.1:" + port;

        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            assertDenied("socket " + target + " connect", () -> extension.run(route, port));

            assertEquals(204, granted("socket", target, () -> extension.run(route, port)));
            assertEquals(204, trusted.run(route, port));
        }
    }

    @Test
    void unixDomainSocketsAreFiles(@TempDir Path folder) throws Exception {
        Path socketFile = folder.resolve("control.sock");
        try (ServerSocketChannel server =
                ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socketFile));

            assertDenied("file " + socketFile + " read,write", () -> extension.run("unixSocketConnect", socketFile));

            granted("file", socketFile.toString(), () -> extension.run("unixSocketConnect", socketFile));
            try (SocketChannel accepted = server.accept()) {
                assertTrue(accepted.isConnected());
            }
        }
    }

    @Test
    void resolvingANameIsDeniedAndAllowedWhenGranted() throws Exception {
        assertDenied("socket localhost:0 resolve", () -> extension.run("resolve", "localhost"));

        assertTrue(((InetAddress) granted("socket", "localhost", () -> extension.run("resolve", "localhost")))
                .isLoopbackAddress());
    }

    private void acceptForever() {
        while (!tcpServer.isClosed()) {
            try (Socket ignored = tcpServer.accept()) {
                accepted.incrementAndGet();
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }

    private int receivedDatagrams() throws Exception {
        int count = 0;
        while (true) {
            try {
                udpReceiver.receive(new DatagramPacket(new byte[16], 16));
                count++;
            } catch (SocketTimeoutException nothingMore) {
                return count;
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in 5 s");
            Thread.sleep(10);
        }
    }
}
