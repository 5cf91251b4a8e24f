package org.gatehouse.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Free loopback ports for configurations that must name a port before anything binds it (the
 * element's own listeners take port 0 where the test can read the bound port back instead).
 */
public final class FreePort {
    private static final Random RANDOM = new SecureRandom();

    private FreePort() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago, below Linux's range of ephemeral ports
     * (32768 and up): the kernel never hands it to an outgoing connection of this or another
     * process in the moment before the element binds it, as it can a port it chose itself.
     */
    public static int find() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (free(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
