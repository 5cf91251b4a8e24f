package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LogCapture;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live reconfiguration from conf/element.xml: applied changes, rejected changes, start-up. */
class ReloadTest {
    private static final Duration MANUAL = Duration.ofHours(1);

    @TempDir
    Path conf;

    private TestUpstream a;
    private TestUpstream b;
    private DataPlaneHarness files;
    private ReloadingDataPlane plane;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        a = new TestUpstream("a");
        b = new TestUpstream("b");
        files = new DataPlaneHarness(conf);
    }

    @AfterEach
    void tearDown() {
        if (plane != null) {
            plane.close();
        }
        a.close();
        b.close();
    }

    private String routeTo(TestUpstream upstream, String listeners) {
        return listeners + "  <pool name=\"p-" + upstream.name() + "\"><member address=\"127.0.0.1\" port=\"" + upstream.port() + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"p-" + upstream.name() + "\"/>\n";
    }

    private String upstreamOf(InetSocketAddress listener, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + listener.getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("x-upstream").orElse("status " + response.statusCode());
    }

    @Test
    void changeIsAppliedLiveWithoutDroppingAnEstablishedKeepAliveConnection() throws Exception {
        files.write(routeTo(a, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <listener name=\"old\" protocol=\"http\" port=\"0\"/>\n"));
        plane = ReloadingDataPlane.start(conf, MANUAL, 2);
        InetSocketAddress before = plane.boundAddresses().get("public");
        InetSocketAddress old = plane.boundAddresses().get("old");
        try (RawHttpConnection established = new RawHttpConnection(before)) {
            assertEquals("a", established.exchange("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n").header("X-Upstream"));

            int newPort = DataPlaneHarness.freePort();
            files.write(routeTo(b, "  <listener name=\"public\" protocol=\"http\" port=\"" + newPort + "\"/>\n"
                    + "  <listener name=\"added\" protocol=\"http\" port=\"0\"/>\n"));
            plane.checkNow();
            assertEquals(2, plane.generation());

            RawHttpConnection.Response again = established.exchange("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, again.status(), "the connection accepted before the change still works");
            assertEquals("b", again.header("X-Upstream"), "and its next request follows the new routes");

            assertEquals(newPort, plane.boundAddresses().get("public").getPort(), "changed listener rebound");
            assertEquals("b", upstreamOf(plane.boundAddresses().get("public"), "/3"));
            assertEquals("b", upstreamOf(plane.boundAddresses().get("added"), "/4"), "new listener bound");
            assertFalse(plane.boundAddresses().containsKey("old"));
            assertThrows(ConnectException.class, () -> new Socket(old.getAddress(), old.getPort()).close(), "removed listener closed");
            assertThrows(ConnectException.class, () -> new Socket(before.getAddress(), before.getPort()).close(), "old port of the changed listener closed");
        }
    }

    @Test
    void invalidChangeIsLoggedWithItsPositionAndTheRunningConfigurationStays() throws Exception {
        files.write(routeTo(a, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"));
        plane = ReloadingDataPlane.start(conf, MANUAL, 2);
        try (LogCapture log = new LogCapture("org.gatehouse.dataplane.config")) {
            files.write(routeTo(b, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <listener name=\"secure\" protocol=\"https\" port=\"0\"/>\n"));
            plane.checkNow();
            assertEquals(1, plane.generation());
            assertTrue(log.contains("element.xml [4:"), log.lines().toString());
            assertTrue(log.contains("/element/listener[2]: https listener 'secure' needs a <tls> child"), log.lines().toString());
            assertTrue(log.contains("the running configuration stays"), log.lines().toString());
        }
        assertEquals("a", upstreamOf(plane.boundAddresses().get("public"), "/still"));

        files.write(routeTo(b, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"));
        plane.checkNow();
        assertEquals(2, plane.generation(), "a later valid version is applied");
        assertEquals("b", upstreamOf(plane.boundAddresses().get("public"), "/fixed"));
    }

    @Test
    void changeThatCannotBindLeavesEverythingAsItWas() throws Exception {
        files.write(routeTo(a, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"));
        plane = ReloadingDataPlane.start(conf, MANUAL, 2);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            files.write(routeTo(b, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <listener name=\"clash\" protocol=\"http\" port=\"" + taken.getLocalPort() + "\"/>\n"));
            plane.checkNow();
        }
        assertEquals(1, plane.generation());
        assertEquals("a", upstreamOf(plane.boundAddresses().get("public"), "/same"));
    }

    @Test
    void watcherAppliesChangesByItself() throws Exception {
        files.write(routeTo(a, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"));
        plane = ReloadingDataPlane.start(conf, Duration.ofMillis(100), 2);
        files.write(routeTo(b, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"));
        Await.until(Duration.ofSeconds(5), "generation 2", () -> plane.generation() == 2);
        assertEquals("b", upstreamOf(plane.boundAddresses().get("public"), "/auto"));
    }

    @Test
    void invalidFileFailsStartUpWithItsPosition() throws Exception {
        files.write("  <listener name=\"db\" protocol=\"tcp\" port=\"0\"/>\n");
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> ReloadingDataPlane.start(conf, MANUAL, 1));
        assertTrue(e.getMessage().startsWith("element.xml [3:"), e.getMessage());
        assertEquals("/element/listener[1]", e.elementPath());
    }

    @Test
    void logsEachBoundListenerAndReadiness() throws Exception {
        try (LogCapture log = new LogCapture("org.gatehouse.dataplane")) {
            files.write(routeTo(a, "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"));
            plane = ReloadingDataPlane.start(conf, MANUAL, 1);
            int port = plane.boundAddresses().get("public").getPort();
            assertNotEquals(0, port);
            assertTrue(log.contains("listener public bound on 127.0.0.1:" + port + " (http)"), log.lines().toString());
            assertTrue(log.contains("data plane ready"), log.lines().toString());
            assertEquals("edge-test", plane.elementName());
        }
    }
}
