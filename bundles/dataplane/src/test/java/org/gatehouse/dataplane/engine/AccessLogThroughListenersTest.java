package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.gatehouse.dataplane.http.AccessLog;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer a listener gives is a line of the access log, whoever made it (docs/data-plane.md
 * "Access log"): an upstream's, a refusal for no route, and a refusal of a head that could not be
 * read, on real sockets.
 */
class AccessLogThroughListenersTest {
    @TempDir
    Path conf;
    @TempDir
    Path logs;

    private DataPlaneHarness plane;
    private TestUpstream web;
    private AccessLog log;

    @BeforeEach
    void start() throws Exception {
        web = new TestUpstream("web");
        plane = new DataPlaneHarness(conf);
        log = AccessLog.open(logs.resolve("access.log"), AccessLog.Format.COMBINED, ZoneOffset.UTC, 1024);
    }

    @AfterEach
    void stop() {
        plane.close();
        web.close();
        log.close();
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(logs.resolve("access.log"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyAnswerIsALineWhoeverMadeIt() throws Exception {
        DataPlaneEngine engine = plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + web.port() + "\"/></pool>\n"
                + "  <route name=\"api\" path-prefix=\"/api/\" pool=\"web\"/>\n");
        engine.accessLog(log);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI api = plane.uri("public", "/api/a?q=1");
        assertEquals(200, http.send(HttpRequest.newBuilder(api).header("User-Agent", "probe/1").header("Referer", "https://x.example/")
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(404, http.send(HttpRequest.newBuilder(plane.uri("public", "/nowhere")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        try (Socket raw = new Socket(plane.address("public").getAddress(), plane.address("public").getPort())) {
            OutputStream out = raw.getOutputStream();
            out.write("GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            assertTrue(new String(in.readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 400"));
        }

        Await.until(Duration.ofSeconds(10), "three lines", () -> lines().size() == 3);
        List<String> lines = lines();
        assertTrue(lines.get(0).matches("127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /api/a\\?q=1 HTTP/1\\.1\" 200 \\d+ \"https://x\\.example/\" "
                + "\"probe/1\" public \\d+\\.\\d{3}"), lines.get(0));
        assertTrue(lines.get(1).contains("\"GET /nowhere HTTP/1.1\" 404 "), lines.get(1));
        assertTrue(lines.get(2).contains("\" 400 "), lines.get(2));
        assertEquals(0, log.dropped());
    }
}
