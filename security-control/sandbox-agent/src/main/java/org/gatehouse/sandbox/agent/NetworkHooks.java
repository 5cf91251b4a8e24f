package org.gatehouse.sandbox.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Socket entry points (docs/threat-model.md "Escape routes"): java.net sockets, and the NIO channel implementations that
 * the socket adaptors, DatagramSocket (a DatagramChannel underneath since 15), the
 * asynchronous channels, HttpClient and URLConnection all end in; multicast joins; accepted
 * connections; SCTP; plus host name lookup.
 */
final class NetworkHooks {
    static final String ENTRY = "org/gatehouse/sandbox/bridge/internal/NetworkEntries";
    private static final String ADDRESS = "Ljava/net/SocketAddress;";

    private NetworkHooks() {
    }

    static List<EntryHook> hooks() {
        List<EntryHook> hooks = new ArrayList<>(connectAndBind());
        // both DatagramChannel.join overloads, and MulticastSocket.joinGroup through the datagram socket adaptor
        hooks.add(EntryHook.at("sun/nio/ch/DatagramChannelImpl", "innerJoin",
                "(Ljava/net/InetAddress;Ljava/net/NetworkInterface;Ljava/net/InetAddress;)Ljava/nio/channels/MembershipKey;")
                .calls(ENTRY, "multicastJoin").args(0));
        hooks.addAll(accepts());
        hooks.addAll(sctp());
        return List.copyOf(hooks);
    }

    /**
     * Accepted connections, checked once accepted (the peer is known only then): the bridge
     * closes a denied one. ServerSocket (and its SSL and subclass forms) ends in the final
     * {@code implAccept(Socket)}; a ServerSocketChannel and its socket adaptor in {@code accept} and
     * {@code blockingAccept}; the asynchronous channel in {@code finishAccept} (17 passes it the
     * access control context too), checked for whoever called {@code accept}, even when the
     * connection arrives later and completes on the channel group's thread.
     */
    private static List<EntryHook> accepts() {
        String serverChannel = "sun/nio/ch/ServerSocketChannelImpl";
        String asyncServer = "sun/nio/ch/UnixAsynchronousServerSocketChannelImpl";
        String asyncResult = ")Ljava/nio/channels/AsynchronousSocketChannel;";
        return List.of(
                EntryHook.atReturnOf("java/net/ServerSocket", "implAccept", "(Ljava/net/Socket;)V").calls(ENTRY, "accepted").args(0),
                EntryHook.atReturnOf(serverChannel, "accept", "()Ljava/nio/channels/SocketChannel;")
                        .calls(ENTRY, "accepted").args(EntryHook.RESULT),
                EntryHook.atReturnOf(serverChannel, "blockingAccept", "(J)Ljava/nio/channels/SocketChannel;")
                        .calls(ENTRY, "accepted").args(EntryHook.RESULT),
                // who asked for the accept: a connection that arrives later completes on the group's thread
                EntryHook.at(asyncServer, "implAccept",
                        "(Ljava/lang/Object;Ljava/nio/channels/CompletionHandler;)Ljava/util/concurrent/Future;")
                        .calls(ENTRY, "acceptRequested").args(EntryHook.THIS),
                EntryHook.atReturnOf(asyncServer, "finishAccept", "(Ljava/io/FileDescriptor;Ljava/net/InetSocketAddress;"
                        + "Ljava/security/AccessControlContext;" + asyncResult)
                        .calls(ENTRY, "acceptedFor").args(EntryHook.RESULT, EntryHook.THIS),
                EntryHook.atReturnOf(asyncServer, "finishAccept", "(Ljava/io/FileDescriptor;Ljava/net/InetSocketAddress;"
                        + asyncResult).calls(ENTRY, "acceptedFor").args(EntryHook.RESULT, EntryHook.THIS));
    }

    /**
     * SCTP ({@code jdk.sctp}, Linux with libsctp): connect and bind of the one-to-one, one-to-many
     * and server channels, extra bound addresses, and one-to-many sends to an address.
     */
    private static List<EntryHook> sctp() {
        String channel = "sun/nio/ch/sctp/SctpChannelImpl";
        String multi = "sun/nio/ch/sctp/SctpMultiChannelImpl";
        String server = "sun/nio/ch/sctp/SctpServerChannelImpl";
        String sctp = "Lcom/sun/nio/sctp/";
        return List.of(
                socket(channel, "connect", "(" + ADDRESS + ")Z", "connect", 0),
                socket(channel, "connect", "(" + ADDRESS + "II)Z", "connect", 0),
                socket(channel, "bind", "(" + ADDRESS + ")" + sctp + "SctpChannel;", "listen", 0),
                socket(multi, "bind", "(" + ADDRESS + "I)" + sctp + "SctpMultiChannel;", "listen", 0),
                socket(server, "bind", "(" + ADDRESS + "I)" + sctp + "SctpServerChannel;", "listen", 0),
                EntryHook.at(channel, "bindAddress", "(Ljava/net/InetAddress;)" + sctp + "SctpChannel;")
                        .calls(ENTRY, "bindAddress").args(0),
                EntryHook.at(multi, "bindAddress", "(Ljava/net/InetAddress;)" + sctp + "SctpMultiChannel;")
                        .calls(ENTRY, "bindAddress").args(0),
                EntryHook.at(server, "bindAddress", "(Ljava/net/InetAddress;)" + sctp + "SctpServerChannel;")
                        .calls(ENTRY, "bindAddress").args(0),
                EntryHook.at(multi, "send", "(Ljava/nio/ByteBuffer;" + sctp + "MessageInfo;)I")
                        .calls(ENTRY, "sctpSend").args(1));
    }

    private static List<EntryHook> connectAndBind() {
        return List.of(
                socket("java/net/Socket", "connect", "(" + ADDRESS + "I)V", "connect", 0),
                socket("java/net/Socket", "bind", "(" + ADDRESS + ")V", "listen", 0),
                socket("java/net/ServerSocket", "bind", "(" + ADDRESS + "I)V", "listen", 0),
                socket("sun/nio/ch/SocketChannelImpl", "connect", "(" + ADDRESS + ")Z", "connect", 0),
                socket("sun/nio/ch/SocketChannelImpl", "bind", "(" + ADDRESS + ")Ljava/nio/channels/SocketChannel;",
                        "listen", 0),
                socket("sun/nio/ch/ServerSocketChannelImpl", "bind",
                        "(" + ADDRESS + "I)Ljava/nio/channels/ServerSocketChannel;", "listen", 0),
                socket("sun/nio/ch/DatagramChannelImpl", "bind", "(" + ADDRESS + ")Ljava/nio/channels/DatagramChannel;",
                        "listen", 0),
                socket("sun/nio/ch/DatagramChannelImpl", "connect",
                        "(" + ADDRESS + "Z)Ljava/nio/channels/DatagramChannel;", "connect", 0),
                socket("sun/nio/ch/DatagramChannelImpl", "send", "(Ljava/nio/ByteBuffer;" + ADDRESS + ")I", "connect", 1),
                // DatagramSocket.send runs one of these instead of send: 17 passes the address, 25 the packet
                socket("sun/nio/ch/DatagramChannelImpl", "blockingSend", "(Ljava/nio/ByteBuffer;" + ADDRESS + ")V",
                        "connect", 1),
                EntryHook.at("sun/nio/ch/DatagramChannelImpl", "blockingSend", "(Ljava/net/DatagramPacket;)V")
                        .calls(ENTRY, "datagram").args(0),
                socket("sun/nio/ch/UnixAsynchronousSocketChannelImpl", "implConnect", "(" + ADDRESS
                        + "Ljava/lang/Object;Ljava/nio/channels/CompletionHandler;)Ljava/util/concurrent/Future;",
                        "connect", 0),
                socket("sun/nio/ch/AsynchronousSocketChannelImpl", "bind",
                        "(" + ADDRESS + ")Ljava/nio/channels/AsynchronousSocketChannel;", "listen", 0),
                socket("sun/nio/ch/AsynchronousServerSocketChannelImpl", "bind",
                        "(" + ADDRESS + "I)Ljava/nio/channels/AsynchronousServerSocketChannel;", "listen", 0),
                EntryHook.at("java/net/InetAddress", "getAllByName", "(Ljava/lang/String;)[Ljava/net/InetAddress;")
                        .calls(ENTRY, "resolve").args(0),
                EntryHook.at("java/net/InetAddress", "getLocalHost", "()Ljava/net/InetAddress;")
                        .calls(ENTRY, "resolveLocalHost"));
    }

    private static EntryHook socket(String owner, String method, String descriptor, String action, int address) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, "socket").constant(action).args(address);
    }
}
