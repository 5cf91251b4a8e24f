package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Verifier;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins and refusals written into a real audit log, with the clock of the coalescing in the test's
 * hand and the writer run by the test: the first of a burst at once, the rest as one record per
 * window with the exact count, a flood from many addresses bounded, a missing log counted and made
 * good later, logins once per user, source and credential while in use.
 */
class AccessAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofMinutes(15);

    @TempDir
    Path folder;
    private FileAuditLog log;
    private final AtomicLong now = new AtomicLong(5_000);
    private final AtomicBoolean logRunning = new AtomicBoolean(true);
    private AccessAudit audit;

    @BeforeEach
    void open() throws IOException {
        log = FileAuditLog.open(folder.resolve("audit"), 100, Clock.systemUTC());
        audit = new AccessAudit(() -> logRunning.get() ? Optional.<AuditLog>of(log) : Optional.empty(), now::get, Clock.systemUTC(),
                WINDOW, IDLE, false);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    private List<AuditRecord> records() {
        return log.read(0, 10_000);
    }

    private static JsonNode payload(AuditRecord record) throws IOException {
        return JSON.readTree(record.payload());
    }

    private long totalCount(String reason) throws IOException {
        long total = 0;
        for (AuditRecord r : records()) {
            if (r.kind().equals("refusal") && payload(r).path("reason").asText().equals(reason)) {
                total += payload(r).path("count").asLong();
            }
        }
        return total;
    }

    private void refuse(String source) {
        audit.refused("invalid_token", AccessAudit.unauthenticated(source), source, "GET /api/v1/extensions", "the bearer token is not valid");
    }

    private void later(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theFirstOfABurstIsWrittenAtOnceAndTheRestAsOneRecordPerWindowWithTheExactCount() throws IOException {
        refuse("192.0.2.7");
        audit.writeDue(false);
        assertEquals(1, records().size());
        AuditRecord first = records().get(0);
        assertEquals("refusal", first.kind());
        assertEquals("unauthenticated 192.0.2.7", first.actor());
        assertEquals("GET /api/v1/extensions", first.subject());
        assertEquals(1, payload(first).path("count").asLong());
        assertEquals("invalid_token", payload(first).path("reason").asText());
        assertEquals("192.0.2.7", payload(first).path("source").asText());
        assertEquals("the bearer token is not valid", payload(first).path("message").asText());

        for (int i = 0; i < 999; i++) {
            refuse("192.0.2.7");
            if (i % 100 == 0) {
                later(Duration.ofMillis(500));
                audit.writeDue(false);
            }
        }
        assertEquals(1, records().size(), "inside the window the rest are only counted");
        later(WINDOW);
        audit.writeDue(false);
        assertEquals(2, records().size());
        assertEquals(999, payload(records().get(1)).path("count").asLong());
        assertEquals(1000, totalCount("invalid_token"));

        // a whole window without one: forgotten, so the next is again written at once
        later(WINDOW);
        audit.writeDue(false);
        later(Duration.ofSeconds(1));
        refuse("192.0.2.7");
        audit.writeDue(false);
        assertEquals(3, records().size());
        assertEquals(1, payload(records().get(2)).path("count").asLong());
        assertTrue(Verifier.verify(log.folder()).ok());
    }

    @Test
    void eachReasonActorAndSourceIsItsOwnKeyAndItsFirstIsPrompt() throws IOException {
        refuse("192.0.2.7");
        refuse("192.0.2.8");
        audit.refused("role_refused", "operator-user", "192.0.2.7", "GET /api/v1/audit", "user operator-user may not GET /api/v1/audit");
        audit.refused("no_credentials", AccessAudit.unauthenticated("192.0.2.7"), "192.0.2.7", "GET /api/v1/flows",
                "authentication required: a bearer token or a client certificate");
        audit.writeDue(false);
        assertEquals(List.of("unauthenticated 192.0.2.7", "unauthenticated 192.0.2.8", "operator-user", "unauthenticated 192.0.2.7"),
                records().stream().map(AuditRecord::actor).toList());
        assertEquals("role_refused", payload(records().get(2)).path("reason").asText());
    }

    @Test
    void aFloodFromManyAddressesIsBoundedYetRecordedPromptlyAndCountedExactly() throws IOException {
        int sources = AccessAudit.MAX_KEYS * 8;
        for (int i = 0; i < sources; i++) {
            refuse("10.0." + (i / 256) + "." + (i % 256));
        }
        audit.writeDue(false);
        List<AuditRecord> written = records();
        assertEquals(AccessAudit.MAX_KEYS + 1, written.size(), "one key per source up to the bound, then one for the others");
        AuditRecord others = written.get(written.size() - 1);
        assertEquals(AccessAudit.OTHER_SOURCES, others.actor());
        assertEquals(AccessAudit.OTHER_SOURCES, payload(others).path("source").asText());
        assertEquals("10.0.0." + AccessAudit.MAX_KEYS, payload(others).path("firstSource").asText(), "the first source past the bound");
        assertEquals(sources, totalCount("invalid_token"));

        // a user probing roles while the table is full keeps its name
        audit.refused("role_refused", "operator-user", "10.9.9.9", "GET /api/v1/audit", "user operator-user may not GET /api/v1/audit");
        audit.writeDue(false);
        AuditRecord probe = records().get(records().size() - 1);
        assertEquals("operator-user", probe.actor());
        assertEquals(AccessAudit.OTHER_SOURCES, payload(probe).path("source").asText());
        assertEquals("10.9.9.9", payload(probe).path("firstSource").asText());

        for (int i = 0; i < sources; i++) {
            refuse("10.0." + (i / 256) + "." + (i % 256));
        }
        audit.writeDue(false);
        assertEquals(AccessAudit.MAX_KEYS + 2, records().size(), "the keys held only count until their window ends");
        later(WINDOW);
        audit.writeDue(false);
        assertEquals((AccessAudit.MAX_KEYS + 1) * 2 + 1, records().size());
        assertEquals(2L * sources, totalCount("invalid_token"));
    }

    @Test
    void withoutALogTheRefusalIsCountedAsNotRecordedAndItsCountWrittenWhenTheLogIsBack() throws IOException {
        logRunning.set(false);
        refuse("192.0.2.7");
        refuse("192.0.2.7");
        audit.writeDue(false);
        assertEquals(1L, audit.failures().get("refusal"));
        assertEquals(0, records().size());
        refuse("192.0.2.7");
        later(WINDOW);
        logRunning.set(true);
        audit.writeDue(false);
        assertEquals(1, records().size());
        assertEquals(3, payload(records().get(0)).path("count").asLong(), "the counts of the failed attempt are kept");
        assertEquals(1L, audit.failures().get("refusal"));
    }

    @Test
    void aLogThatFailsToWriteIsCountedTheSameWay() throws IOException {
        log.close(); // a closed log throws on append, as a broken one does
        refuse("192.0.2.7");
        audit.writeDue(false);
        assertEquals(1L, audit.failures().get("refusal"));
        audit.authenticated("alice", "192.0.2.8", "bearer token");
        audit.writeDue(false);
        assertEquals(1L, audit.failures().get("login"));
    }

    @Test
    void closingWritesEveryCountStillHeld() throws IOException {
        for (int i = 0; i < 50; i++) {
            refuse("192.0.2.7");
        }
        audit.close();
        assertEquals(50, totalCount("invalid_token"));
    }

    @Test
    void aLoginIsTheFirstRequestOfAUserFromASourceWithACredentialAfterAnIdlePeriod() throws IOException {
        audit.authenticated("alice", "192.0.2.8", "bearer token");
        audit.writeDue(false);
        assertEquals(1, records().size());
        AuditRecord login = records().get(0);
        assertEquals("login", login.kind());
        assertEquals("alice", login.actor());
        assertEquals("192.0.2.8", login.subject());
        assertEquals("bearer token", payload(login).path("credential").asText());

        for (int i = 0; i < 20; i++) {
            later(Duration.ofMinutes(10)); // always back within the idle period
            audit.authenticated("alice", "192.0.2.8", "bearer token");
            audit.writeDue(false);
        }
        assertEquals(1, records().size(), "a user at work is one login");

        audit.authenticated("alice", "198.51.100.1", "bearer token");
        audit.authenticated("alice", "192.0.2.8", "client certificate CN=alice,O=Acme");
        audit.authenticated("bob", "192.0.2.8", "bearer token");
        audit.writeDue(false);
        assertEquals(4, records().size(), "another source, another credential, another user: each a login");

        later(IDLE.plusSeconds(1));
        audit.authenticated("alice", "192.0.2.8", "bearer token");
        audit.writeDue(false);
        assertEquals(5, records().size(), "back after the idle period: a new login");
    }

    @Test
    void aLoginThatCouldNotBeWrittenIsRecordedAtTheNextRequest() throws IOException {
        logRunning.set(false);
        audit.authenticated("alice", "192.0.2.8", "bearer token");
        audit.writeDue(false);
        assertEquals(1L, audit.failures().get("login"));
        logRunning.set(true);
        later(Duration.ofSeconds(1));
        audit.authenticated("alice", "192.0.2.8", "bearer token");
        audit.writeDue(false);
        assertEquals(1, records().size());
        assertEquals("alice", records().get(0).actor());
    }

    @Test
    void theWriterThreadWritesTheFirstRefusalWithoutBeingAsked() throws Exception {
        try (AccessAudit running = AccessAudit.start(() -> Optional.of(log))) {
            running.refused("invalid_token", AccessAudit.unauthenticated("192.0.2.9"), "192.0.2.9", "GET /", "the bearer token is not valid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, records().size());
        }
        String file = Files.readString(log.folder().resolve("records.jsonl"), StandardCharsets.UTF_8);
        assertFalse(file.contains("Bearer"), file);
    }
}
