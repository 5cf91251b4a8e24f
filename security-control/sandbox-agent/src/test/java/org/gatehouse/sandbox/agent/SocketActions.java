package org.gatehouse.sandbox.agent;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sockets through every family: old IO, NIO, async, datagram, HttpClient, URLConnection, Unix
 * domain, resolution. One tiny sensitive action per route of docs/threat-model.md "Escape routes"; the tests run each from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 */
public final class SocketActions {
    private SocketActions() {
    }


    public static void socketConnect(Integer port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(1);
        }
    }

    public static void socketChannelConnect(Integer port) throws Exception {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    public static void asynchronousSocketConnect(Integer port) throws Exception {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).get(10, TimeUnit.SECONDS);
        }
    }

    public static void datagramSocketSend(Integer port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), port));
        }
    }

    public static void datagramChannelSend(Integer port) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    public static Integer serverSocketListen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return server.getLocalPort();
        }
    }

    public static Object serverSocketChannelListen() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            return server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getLocalAddress();
        }
    }

    public static Object asynchronousServerSocketListen() throws Exception {
        try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) {
            return server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getLocalAddress();
        }
    }

    public static Integer httpClientGet(Integer port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    public static Integer urlConnectionGet(Integer port) throws Exception {
        java.net.HttpURLConnection connection =
                (java.net.HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    public static void unixSocketConnect(Path socketFile) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketFile));
        }
    }

    public static Object resolve(String host) throws Exception {
        return InetAddress.getByName(host);
    }
}
