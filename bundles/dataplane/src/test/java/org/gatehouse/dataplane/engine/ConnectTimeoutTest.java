package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose accept queue is full never completes the TCP handshake (Linux drops the SYN),
 * which on loopback stands in for an unreachable host: connect-timeout ends the wait with a 502.
 */
class ConnectTimeoutTest {
    @TempDir
    Path conf;

    @Test
    void memberThatNeverAcceptsTimesOutAs502() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DataPlaneHarness plane = new DataPlaneHarness(conf)) {
            for (int i = 0; i < 4; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    fillers.add(filler);
                } catch (java.io.IOException e) {
                    filler.close();
                    break; // the queue is full
                }
            }
            plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <pool name=\"stuck\" connect-timeout=\"300ms\"><member address=\"127.0.0.1\" port=\"" + full.getLocalPort() + "\"/></pool>\n"
                    + "  <route name=\"stuck\" pool=\"stuck\"/>\n");
            long start = System.nanoTime();
            try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
                RawHttpConnection.Response response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(502, response.status());
                assertTrue(response.body().contains("\"code\":\"upstream_unavailable\""), response.body());
                // why (the connect timed out, to which address) is logged, not told to the client
                assertTrue(response.body().contains("\"message\":\"no upstream server of route 'stuck' is available\""), response.body());
                assertTrue(!response.body().contains("127.0.0.1") && !response.body().contains("timed out"), response.body());
                assertTrue(tookMillis >= 250 && tookMillis < 5000, "answered after " + tookMillis + "ms");
            }
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }
}
