package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.RawHttpConnection;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message framing after hop-by-hop removal, as HTTP/1.1 and HTTP/1.0 clients see it on the wire. */
class FramingTest {
    @TempDir
    Path conf;

    private TestUpstream upstream;
    private DataPlaneHarness plane;

    @BeforeEach
    void setUp() throws Exception {
        upstream = new TestUpstream("a");
        plane = new DataPlaneHarness(conf);
        plane.start(DataPlaneHarness.passThrough(upstream.port()));
    }

    @AfterEach
    void tearDown() {
        plane.close();
        upstream.close();
    }

    @Test
    void bodyOfUnknownLengthIsChunkedForAnHttp11Client() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            RawHttpConnection.Response response = client.exchange("GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals("first part, second part", response.body());
            assertEquals(200, client.exchange("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").status(), "connection kept");
        }
    }

    @Test
    void bodyOfUnknownLengthEndsWithTheConnectionForAnHttp10Client() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            client.send("GET /chunked HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n");
            InputStream in = client.input();
            String wire = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = wire.substring(0, wire.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertTrue(head.contains("connection: close"), head);
            assertTrue(!head.contains("transfer-encoding"), head);
            assertEquals("first part, second part", wire.substring(wire.indexOf("\r\n\r\n") + 4));
        }
    }

    @Test
    void chunkedRequestBodyArrivesWhole() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            RawHttpConnection.Response response = client.exchange("POST /in HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertEquals("a POST /in 11", response.body());
        }
        assertEquals("chunked", upstream.seen().get(0).header("Transfer-Encoding"));
        assertNull(upstream.seen().get(0).header("Content-Length"));
    }

    @Test
    void headResponseGetsNoFramingAndNoBody() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(plane.address("public"))) {
            client.send("HEAD /download/1000 HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpConnection.Response head = client.readHeadOnly();
            assertEquals(200, head.status());
            assertNull(head.header("Transfer-Encoding"), "a response to HEAD never has a body to frame");
            assertEquals(200, client.exchange("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").status(), "no stray body bytes in between");
        }
    }
}
