package org.gatehouse.sandbox.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Accepting a connection a client has already made (it waits in the server's backlog) through
 * every server family, and joining a multicast group. Run from an {@link ExtensionLoader} (the
 * extension) and from trusted code; each returns the peer's port or the joined group.
 */
public final class AcceptAndMulticastActions {
    private AcceptAndMulticastActions() {
    }

    public static Integer serverSocketAccept(ServerSocket server) throws Exception {
        try (Socket accepted = server.accept()) {
            return accepted.getPort();
        }
    }

    public static Integer serverSocketChannelAccept(ServerSocketChannel server) throws Exception {
        try (SocketChannel accepted = server.accept()) {
            return ((InetSocketAddress) accepted.getRemoteAddress()).getPort();
        }
    }

    /** The socket adaptor of a channel accepts through the channel's blocking accept. */
    public static Integer channelSocketAdaptorAccept(ServerSocketChannel server) throws Exception {
        try (Socket accepted = server.socket().accept()) {
            return accepted.getPort();
        }
    }

    public static Integer asynchronousAccept(AsynchronousServerSocketChannel server) throws Exception {
        try (AsynchronousSocketChannel accepted = server.accept().get(10, TimeUnit.SECONDS)) {
            return ((InetSocketAddress) accepted.getRemoteAddress()).getPort();
        }
    }

    /** Asks for a connection none has made yet: it will complete on the channel group's thread. */
    public static Future<AsynchronousSocketChannel> asynchronousAcceptPending(AsynchronousServerSocketChannel server) {
        return server.accept();
    }

    public static Object datagramChannelJoin(InetAddress group) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            MembershipKey key = channel.join(group, loopbackInterface());
            return key.group();
        }
    }

    /** The source-specific form; the JDK may refuse it on the loopback interface once the sandbox allowed it. */
    public static Object datagramChannelJoinFromSource(InetAddress group) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            return channel.join(group, loopbackInterface(), InetAddress.getLoopbackAddress()).group();
        }
    }

    public static Object multicastSocketJoin(InetAddress group) throws Exception {
        try (MulticastSocket socket = new MulticastSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.joinGroup(new InetSocketAddress(group, 0), loopbackInterface());
            return group;
        }
    }

    private static NetworkInterface loopbackInterface() throws Exception {
        return NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    }
}
