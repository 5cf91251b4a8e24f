package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accepting connections ({@code socket <peer> accept}, checked once the peer is known; a denied
 * connection is closed, so the client sees its end) through every server family, and multicast
 * joins ({@code socket <group>:0 accept}). Real sockets on loopback, ephemeral ports.
 */
class AcceptAndMulticastIT extends BehaviourMatrix {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** An administratively scoped group (RFC 2365), joined on the loopback interface only. */
    private static final String GROUP = "239.255.77.77";

    @Override
    Class<?> actions() {
        return AcceptAndMulticastActions.class;
    }

    @ParameterizedTest
    @ValueSource(strings = {"serverSocketAccept", "serverSocketChannelAccept", "channelSocketAdaptorAccept", "asynchronousAccept"})
    void acceptingIsDeniedAndTheClientSeesItsConnectionClosed(String route) throws Exception {
        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            try (AutoCloseable server = openServer(route); Socket client = connect(server)) {
                String peer = "127.0.0.1:" + client.getLocalPort();
                assertDenied("socket " + peer + " accept", () -> extension.run(route, server));
                assertClosedByPeer(client);
            }
            try (AutoCloseable server = openServer(route); Socket client = connect(server)) {
                assertEquals(client.getLocalPort(), granted("socket", "127.0.0.1:" + client.getLocalPort() + " accept",
                        () -> extension.run(route, server)));
            }
            try (AutoCloseable server = openServer(route); Socket client = connect(server)) {
                DECIDER.forgetRequests();
                assertEquals(client.getLocalPort(), trusted.run(route, server));
                assertNoExtensionRequest();
            }
        }
    }

    @Test
    void anAsynchronousAcceptCompletedOnTheGroupsThreadIsCheckedForWhoAskedForIt() throws Exception {
        // a group whose threads the platform started: without the record of who asked, the
        // completion would be attributed to them, and allowed
        AsynchronousChannelGroup platformGroup = AsynchronousChannelGroup.withFixedThreadPool(1, Executors.defaultThreadFactory());
        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread");
                AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open(platformGroup)
                        .bind(new InetSocketAddress(LOOPBACK, 0))) {
            Future<?> pending = (Future<?>) extension.run("asynchronousAcceptPending", server);
            try (Socket client = connect(server)) {
                String peer = "127.0.0.1:" + client.getLocalPort();
                assertDenied("socket " + peer + " accept", () -> pending.get(10, TimeUnit.SECONDS));
                assertClosedByPeer(client);
            }

            try (AutoCloseable accept = DECIDER.grant("socket", "127.0.0.1:")) {
                Future<?> granted = (Future<?>) extension.run("asynchronousAcceptPending", server);
                try (Socket client = connect(server); AutoCloseable accepted = (AutoCloseable) granted.get(10, TimeUnit.SECONDS)) {
                    assertTrue(accepted != null);
                }
            }
        } finally {
            platformGroup.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"datagramChannelJoin", "multicastSocketJoin"})
    void joiningAMulticastGroupIsDeniedAndAllowedWhenGranted(String route) throws Exception {
        InetAddress group = InetAddress.getByName(GROUP);
        try (AutoCloseable bind = DECIDER.grant("socket", "localhost:0 listen")) {
            assertDenied("socket " + GROUP + ":0 accept", () -> extension.run(route, group));

            assertEquals(group, granted("socket", GROUP + ":0 accept", () -> extension.run(route, group)));
        }
        assertEquals(group, trusted.run(route, group));
    }

    @ParameterizedTest
    @ValueSource(strings = {"datagramChannelJoinFromSource"})
    void aSourceSpecificJoinIsCheckedTheSameWay(String route) throws Exception {
        InetAddress group = InetAddress.getByName(GROUP);
        assertDenied("socket " + GROUP + ":0 accept", () -> extension.run(route, group));

        // granted, what remains is the JDK's and the kernel's answer, never the sandbox's
        try (AutoCloseable join = DECIDER.grant("socket", GROUP + ":0 accept")) {
            try {
                assertEquals(group, extension.run(route, group));
            } catch (IOException | UnsupportedOperationException refusedByTheSystem) {
                assertFalse(refusedByTheSystem instanceof SandboxDeniedException);
            }
        }
    }

    private static AutoCloseable openServer(String route) throws IOException {
        InetSocketAddress local = new InetSocketAddress(LOOPBACK, 0);
        return switch (route) {
            case "serverSocketAccept" -> new ServerSocket(0, 50, LOOPBACK);
            case "asynchronousAccept" -> AsynchronousServerSocketChannel.open().bind(local);
            default -> ServerSocketChannel.open().bind(local);
        };
    }

    /** A client whose connection the kernel has completed: it waits in the server's backlog. */
    private static Socket connect(AutoCloseable server) throws IOException {
        int port;
        if (server instanceof ServerSocket socket) {
            port = socket.getLocalPort();
        } else if (server instanceof ServerSocketChannel channel) {
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } else {
            port = ((InetSocketAddress) ((AsynchronousServerSocketChannel) server).getLocalAddress()).getPort();
        }
        Socket client = new Socket(LOOPBACK, port);
        client.setSoTimeout(5_000);
        return client;
    }

    /** The server closed the connection it accepted: end of stream or a reset, never a timeout. */
    private static void assertClosedByPeer(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        try {
            assertEquals(-1, in.read(), "the denied connection is closed by the server side");
        } catch (SocketException reset) {
            assertTrue(reset.getMessage() != null, "connection reset by the server side");
        }
        assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                client.getOutputStream().write(new byte[1024]);
                Thread.sleep(10);
            }
        }, "writes to the closed connection fail");
    }
}
