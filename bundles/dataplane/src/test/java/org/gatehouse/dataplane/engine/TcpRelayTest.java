package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.TestEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain tcp listeners relaying bytes to pool members. */
class TcpRelayTest {
    @TempDir
    Path conf;

    private static String talk(java.net.InetSocketAddress address, String message, int greetingLength) throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(message.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(in.readNBytes(greetingLength + message.length()), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void relaysBothWaysAndSpreadsConnections() throws Exception {
        try (TestEchoServer one = new TestEchoServer("one");
             TestEchoServer two = new TestEchoServer("two");
             DataPlaneHarness plane = new DataPlaneHarness(conf)) {
            plane.start("  <listener name=\"db\" protocol=\"tcp\" port=\"0\" pool=\"echo\"/>\n"
                    + "  <pool name=\"echo\"><member address=\"127.0.0.1\" port=\"" + one.port() + "\"/>"
                    + "<member address=\"127.0.0.1\" port=\"" + two.port() + "\"/></pool>\n");
            String first = talk(plane.address("db"), "hello", 4);
            String second = talk(plane.address("db"), "hello", 4);
            assertEquals(java.util.Set.of("one>hello", "two>hello"), java.util.Set.of(first, second), "round-robin over both members");
            assertEquals(1, one.connections());
            assertEquals(1, two.connections());
        }
    }

    @Test
    void largePayloadSurvivesTheRelay() throws Exception {
        try (TestEchoServer echo = new TestEchoServer("e");
             DataPlaneHarness plane = new DataPlaneHarness(conf)) {
            plane.start("  <listener name=\"db\" protocol=\"tcp\" port=\"0\" pool=\"echo\"/>\n"
                    + "  <pool name=\"echo\"><member address=\"127.0.0.1\" port=\"" + echo.port() + "\"/></pool>\n");
            byte[] payload = new byte[4 * 1024 * 1024];
            new java.util.Random(7).nextBytes(payload);
            try (Socket socket = new Socket(plane.address("db").getAddress(), plane.address("db").getPort())) {
                socket.setSoTimeout(20000);
                Thread writer = new Thread(() -> {
                    try {
                        socket.getOutputStream().write(payload);
                        socket.getOutputStream().flush();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                InputStream in = socket.getInputStream();
                assertArrayEquals("e>".getBytes(StandardCharsets.US_ASCII), in.readNBytes(2));
                assertArrayEquals(payload, in.readNBytes(payload.length));
                writer.join();
            }
        }
    }

    @Test
    void refusingMemberIsSkippedAndNoMemberClosesTheClient() throws Exception {
        int closed = DataPlaneHarness.freePort();
        try (TestEchoServer echo = new TestEchoServer("up");
             DataPlaneHarness plane = new DataPlaneHarness(conf)) {
            plane.start("  <listener name=\"db\" protocol=\"tcp\" port=\"0\" pool=\"mixed\"/>\n"
                    + "  <listener name=\"dead\" protocol=\"tcp\" port=\"0\" pool=\"none\"/>\n"
                    + "  <pool name=\"mixed\"><member address=\"127.0.0.1\" port=\"" + closed + "\"/>"
                    + "<member address=\"127.0.0.1\" port=\"" + echo.port() + "\"/></pool>\n"
                    + "  <pool name=\"none\"><member address=\"127.0.0.1\" port=\"" + closed + "\"/></pool>\n");
            for (int i = 0; i < 3; i++) {
                assertEquals("up>x" + i, talk(plane.address("db"), "x" + i, 3));
            }
            try (Socket socket = new Socket(plane.address("dead").getAddress(), plane.address("dead").getPort())) {
                socket.setSoTimeout(10000);
                assertEquals(-1, socket.getInputStream().read(), "closed when no member accepts");
            }
        }
    }
}
