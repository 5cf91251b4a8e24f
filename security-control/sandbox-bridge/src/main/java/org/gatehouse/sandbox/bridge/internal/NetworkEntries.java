package org.gatehouse.sandbox.bridge.internal;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Entry checks for sockets (SPEC 11 "sockets through every family"): connect and bind of
 * java.net sockets and the NIO channel implementations (which the datagram, async, HttpClient
 * and URLConnection routes end in), and host name resolution.
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
                Class<?> caller = Enforcement.caller();
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

    /** {@code InetAddress.getAllByName(host)}: {@code socket <host>:0 resolve}; literals are not looked up and not checked. */
    public static void resolve(Object host) {
        if (host instanceof String name && !PermissionNames.isAddressLiteral(name) && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.caller(), "socket", PermissionNames.hostPort(name, 0), "resolve");
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
