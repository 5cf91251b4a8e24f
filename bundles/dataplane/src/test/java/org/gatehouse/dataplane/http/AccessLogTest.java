package org.gatehouse.dataplane.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.gatehouse.dataplane.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log's lines and its writer (docs/data-plane.md "Access log"): the combined form and
 * JSON lines, a client's value that tries to write a line of its own, a rotation, a full queue.
 */
class AccessLogTest {
    private static final long NOON = 1_700_000_000_000L;

    @TempDir
    Path logs;

    private static AccessRecord answer(String target, String userAgent) {
        return new AccessRecord(NOON, "public", "10.0.0.7", "GET", target, "HTTP/1.1", 200, 1234, 2_500_000L, null, userAgent);
    }

    private List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theCombinedFormThenTheListenerAndTheSecondsTaken() throws Exception {
        try (AccessLog log = AccessLog.open(logs.resolve("access.log"), AccessLog.Format.COMBINED, ZoneOffset.UTC, 16)) {
            assertEquals("10.0.0.7 - - [14/Nov/2023:22:13:20 +0000] \"GET /api/a?x=1 HTTP/1.1\" 200 1234 \"-\" \"curl/8.0\" public 0.003",
                    log.line(answer("/api/a?x=1", "curl/8.0")));
        }
    }

    @Test
    void aClientsValueCannotWriteALineOfItsOwnInEitherForm() throws Exception {
        AccessRecord forged = answer("/a\r\n10.0.0.1 - - [x] \"GET /admin HTTP/1.1\" 200 1", "ua\" \"evil\\ é");
        try (AccessLog combined = AccessLog.open(logs.resolve("c.log"), AccessLog.Format.COMBINED, ZoneOffset.UTC, 16);
             AccessLog json = AccessLog.open(logs.resolve("j.log"), AccessLog.Format.JSON, ZoneOffset.UTC, 16)) {
            String line = combined.line(forged);
            assertFalse(line.contains("\n") || line.contains("\r"), line);
            assertTrue(line.contains("\"GET /a\\x0d\\x0a10.0.0.1 - - [x] \\x22GET /admin HTTP/1.1\\x22 200 1 HTTP/1.1\""), line);
            assertTrue(line.contains("\"ua\\x22 \\x22evil\\x5c \\xc3\\xa9\""), line);

            String object = json.line(forged);
            assertFalse(object.contains("\n") || object.contains("\r"), object);
            JsonNode read = new ObjectMapper().readTree(object);
            assertEquals(forged.target(), read.path("target").asText());
            assertEquals(forged.userAgent(), read.path("userAgent").asText());
            assertEquals(200, read.path("status").asInt());
            assertEquals("2023-11-14T22:13:20Z", read.path("time").asText());
        }
    }

    @Test
    void whatWasRecordedIsWrittenAndARotatedFileIsReplacedByANewOne() throws Exception {
        Path file = logs.resolve("access.log");
        try (AccessLog log = AccessLog.open(file, AccessLog.Format.COMBINED, ZoneOffset.UTC, 16)) {
            log.record(answer("/first", null));
            Await.until(Duration.ofSeconds(10), "the first line written", () -> lines(file).size() == 1);

            Files.move(file, logs.resolve("access.log.1"));
            // the writer looks for a rotation about once a second: lines until then go to the moved file
            int[] after = {0};
            Await.until(Duration.ofSeconds(10), "a new file", () -> {
                log.record(answer("/after-" + after[0]++, null));
                LockSupport.parkNanos(50_000_000L);
                return Files.exists(file) && !lines(file).isEmpty();
            });
            log.close();
            List<String> rotated = lines(logs.resolve("access.log.1"));
            assertTrue(rotated.get(0).contains("/first"), rotated.get(0));
            assertEquals(1 + after[0], rotated.size() + lines(file).size(), "no line lost across the rotation");
            assertTrue(lines(file).get(lines(file).size() - 1).contains("/after-" + (after[0] - 1)));
        }
    }

    @Test
    void aFullQueueDropsAndCountsAndNeverBlocks() throws Exception {
        Path file = logs.resolve("access.log");
        AccessLog log = AccessLog.open(file, AccessLog.Format.COMBINED, ZoneOffset.UTC, 1);
        int offered = 20_000;
        for (int i = 0; i < offered; i++) {
            log.record(answer("/" + i, null));
        }
        log.close();
        assertTrue(log.dropped() > 0, "some records dropped with a queue of one");
        assertEquals(offered, log.dropped() + log.written());
        assertEquals(log.written(), lines(file).size());
    }

    @Test
    void offRecordsNothing() {
        assertFalse(AccessLog.OFF.enabled());
        AccessLog.OFF.record(answer("/x", null));
        assertEquals(0, AccessLog.OFF.dropped() + AccessLog.OFF.written());
    }
}
