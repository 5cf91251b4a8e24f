package org.gatehouse.sandbox.bridge.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The peer of a connection a server has just accepted, and closing it when the accept is denied.
 * Only called on JDK objects ({@code JdkCode.isJdkObject}): their accessors say what the socket is.
 */
final class AcceptedConnections {
    private AcceptedConnections() {
    }

    /** The remote address, or null when the connection is already closed. */
    static SocketAddress peerOf(Object connection) {
        try {
            if (connection instanceof Socket socket) {
                return socket.getRemoteSocketAddress();
            }
            if (connection instanceof SocketChannel channel) {
                return channel.getRemoteAddress();
            }
            if (connection instanceof AsynchronousSocketChannel channel) {
                return channel.getRemoteAddress();
            }
        } catch (IOException closedMeanwhile) {
            return null;
        }
        throw new IllegalArgumentException("not an accepted connection: " + connection.getClass().getName());
    }

    static void closeQuietly(Object connection) {
        if (connection instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException alreadyGone) {
                // the denial is what the caller must see; the descriptor is released either way
            }
        }
    }
}
