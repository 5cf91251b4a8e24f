package org.gatehouse.sandbox.agent;

import java.util.List;

/**
 * Socket entry points (SPEC 11): java.net sockets, and the NIO channel implementations that
 * the socket adaptors, DatagramSocket (a DatagramChannel underneath since 15), the
 * asynchronous channels, HttpClient and URLConnection all end in; plus host name lookup.
 */
final class NetworkHooks {
    static final String ENTRY = "org/gatehouse/sandbox/bridge/internal/NetworkEntries";
    private static final String ADDRESS = "Ljava/net/SocketAddress;";

    private NetworkHooks() {
    }

    static List<EntryHook> hooks() {
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
