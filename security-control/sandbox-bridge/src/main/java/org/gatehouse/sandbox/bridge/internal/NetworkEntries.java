package org.gatehouse.sandbox.bridge.internal;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Entry checks for sockets (docs/threat-model.md "Escape routes": sockets through every family): connect and bind of
 * java.net sockets and the NIO channel implementations (which the datagram, async, HttpClient
 * and URLConnection routes end in), multicast joins, accepted connections, SCTP, and host name
 * resolution.
 */
public final class NetworkEntries {
    private NetworkEntries() {
    }

    /**
     * {@code socket <host:port> <action>} for a SocketAddress argument ({@code connect} or
     * {@code listen}). A Unix domain socket is a file node: connecting reads and writes it,
     * binding creates it ({@code file <path> read,write} / {@code write}).
     */
    public static void socket(String action, Object address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            FileEntries.file("connect".equals(action) ? "read,write" : "write", unix.getPath());
            return;
        }
        if (Enforcement.enter()) {
            try {
                StackContext caller = Enforcement.context();
                // InetSocketAddress's accessors are final; any other address class could answer anything
                if (address != null && !(address instanceof InetSocketAddress) && !JdkCode.isJdkObject(address)) {
                    Enforcement.denyUntrustedArgument(caller, "socket", address, action);
                }
                Enforcement.decide(caller, "socket", PermissionNames.socket(address), action);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code DatagramSocket.send} on 25 hands the whole packet over: {@code socket <host:port> connect}
     * for its address; a packet without one goes to the connected peer, checked at connect.
     */
    public static void datagram(Object packet) {
        if (packet instanceof DatagramPacket datagram && datagram.getAddress() != null) {
            socket("connect", new InetSocketAddress(datagram.getAddress(), datagram.getPort()));
        }
    }

    /**
     * {@code DatagramChannel.join} (both forms; {@code MulticastSocket.joinGroup} ends there):
     * {@code socket <group>:0 accept}. Joining lets datagrams of any sender to the group in, which
     * is what accept means in this vocabulary; the SecurityManager asked {@code accept,connect},
     * but connect is about where the extension sends, and sends are checked on their own.
     */
    public static void multicastJoin(Object group) {
        if (group instanceof InetAddress address && Enforcement.enter()) {
            try {
                // InetAddress has no subclass outside java.net; the literal needs no lookup
                Enforcement.decide(Enforcement.context(), "socket", PermissionNames.hostPort(address.getHostAddress(), 0), "accept");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** SCTP {@code bindAddress}: one more local address for a bound channel, {@code socket <address>:0 listen}. */
    public static void bindAddress(Object local) {
        if (local instanceof InetAddress address) {
            socket("listen", new InetSocketAddress(address, 0));
        }
    }

    /**
     * SCTP one-to-many {@code send}: the message's address (when it has one) is where the
     * association goes, {@code socket <host:port> connect}. MessageInfo is an abstract class an
     * extension can implement: only the JDK's own is believed.
     */
    public static void sctpSend(Object messageInfo) {
        if (messageInfo == null) {
            return;
        }
        if (!JdkCode.isJdkObject(messageInfo)) {
            denyUntrusted(messageInfo, "connect");
            return;
        }
        SocketAddress address = MessageAddress.of(messageInfo);
        if (address != null) {
            socket("connect", address);
        }
    }

    /**
     * A connection a server socket or channel has just accepted: {@code socket <peer host:port>
     * accept}, checked before the caller gets it. A denied connection is closed first, so the peer
     * sees it refused and no descriptor is left behind.
     */
    public static void accepted(Object connection) {
        if (connection != null && Enforcement.enter()) {
            try {
                checkAccepted(connection, Enforcement.context());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code AsynchronousServerSocketChannel.accept}: remembers who asked, because a connection
     * that arrives later completes on the channel group's thread, with that code off the stack.
     * A channel has at most one accept pending (the JDK refuses a second one).
     */
    public static void acceptRequested(Object server) {
        if (server != null && Enforcement.enter()) {
            try {
                AcceptRequests.record(server, Enforcement.context());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** The asynchronous channel's accepted connection, checked for whoever asked for the accept. */
    public static void acceptedFor(Object connection, Object server) {
        if (connection != null && Enforcement.enter()) {
            try {
                StackContext requester = AcceptRequests.requesterOf(server);
                checkAccepted(connection, requester != null ? requester : Enforcement.context());
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** Only between {@code Enforcement.enter()} and {@code exit()}. */
    private static void checkAccepted(Object connection, StackContext caller) {
        try {
            if (!JdkCode.isJdkObject(connection)) {
                Enforcement.denyUntrustedArgument(caller, "socket", connection, "accept");
            }
            Enforcement.decide(caller, "socket", PermissionNames.socket(AcceptedConnections.peerOf(connection)), "accept");
        } catch (RuntimeException denied) {
            AcceptedConnections.closeQuietly(connection);
            throw denied;
        }
    }

    private static void denyUntrusted(Object argument, String action) {
        if (Enforcement.enter()) {
            try {
                Enforcement.denyUntrustedArgument(Enforcement.context(), "socket", argument, action);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code InetAddress.getAllByName(host)}: {@code socket <host>:0 resolve}; literals are not looked up and not checked. */
    public static void resolve(Object host) {
        if (host instanceof String name && !PermissionNames.isAddressLiteral(name) && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "socket", PermissionNames.hostPort(name, 0), "resolve");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code InetAddress.getLocalHost()}: looks up the machine's own name. */
    public static void resolveLocalHost() {
        resolve("localhost");
    }
}
