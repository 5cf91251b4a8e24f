package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Verifier;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.gatehouse.management.testing.PrometheusScrape;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Logins and refusals of requests over the real listener, found in the real audit log: a refused
 * token under the peer's address and never the token itself, a role refusal under the user, one
 * login for a user at work, a flood of bad tokens as a handful of records whose counts add up to
 * exactly the requests sent, and a missing log that leaves refusals refused and is counted.
 */
class LoginAndRefusalRecordsTest extends RunningServerFixture {
    private static final String GUESSED = "guessed-token-5b1f0c";

    private List<AuditRecord> records() {
        return server.services.audit.read(0, 100_000);
    }

    private List<AuditRecord> await(Predicate<List<AuditRecord>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<AuditRecord> seen = records();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            seen = records();
        }
        assertTrue(done.test(seen), "not recorded in time: " + seen);
        return seen;
    }

    private static JsonNode payload(AuditRecord record) throws Exception {
        return Json.MAPPER.readTree(record.payload());
    }

    private static boolean refusal(AuditRecord r, String reason) {
        try {
            return r.kind().equals("refusal") && payload(r).path("reason").asText().equals(reason);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aBadTokenIsRecordedPromptlyUnderThePeerAddressWithoutTheToken() throws Exception {
        HttpResponse<String> refused = server.get("/api/v1/extensions?secret=x", GUESSED);
        assertEquals(401, refused.statusCode());
        List<AuditRecord> seen = await(rs -> rs.stream().anyMatch(r -> refusal(r, "invalid_token")));
        AuditRecord record = seen.stream().filter(r -> refusal(r, "invalid_token")).findFirst().orElseThrow();
        assertEquals("unauthenticated 127.0.0.1", record.actor());
        assertEquals("GET /api/v1/extensions", record.subject(), "the path, never the query");
        assertEquals(1, payload(record).path("count").asLong());
        assertEquals("127.0.0.1", payload(record).path("source").asText());
        assertEquals("the bearer token is not valid", payload(record).path("message").asText());

        assertEquals(401, server.get("/api/v1/flows", null).statusCode());
        await(rs -> rs.stream().anyMatch(r -> refusal(r, "no_credentials")));
        server.authenticator().close();
        String file = Files.readString(((FileAuditLog) server.services.audit).folder().resolve("records.jsonl"), StandardCharsets.UTF_8);
        assertFalse(file.contains(GUESSED), "no token in the log: " + file);
        assertFalse(file.contains("secret"), "no query in the log: " + file);
        assertTrue(Verifier.verify(((FileAuditLog) server.services.audit).folder()).ok());
    }

    @Test
    void aRoleRefusalIsRecordedUnderTheUserAndTheUserLoggedInOnce() throws Exception {
        assertEquals(403, server.get("/api/v1/audit", TestServer.OPERATOR).statusCode());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, server.get("/api/v1/health", TestServer.OPERATOR).statusCode());
        }
        List<AuditRecord> seen = await(rs -> rs.stream().anyMatch(r -> refusal(r, "role_refused"))
                && rs.stream().anyMatch(r -> r.kind().equals("login")));
        AuditRecord refusal = seen.stream().filter(r -> refusal(r, "role_refused")).findFirst().orElseThrow();
        assertEquals("operator-user", refusal.actor());
        assertEquals("GET /api/v1/audit", refusal.subject());
        assertTrue(payload(refusal).path("message").asText().startsWith("user operator-user may not GET /api/v1/audit"));

        server.authenticator().close(); // writes whatever is still held
        List<AuditRecord> logins = records().stream().filter(r -> r.kind().equals("login")).toList();
        assertEquals(1, logins.size(), "six requests of one user from one address are one login: " + logins);
        assertEquals("operator-user", logins.get(0).actor());
        assertEquals("127.0.0.1", logins.get(0).subject());
        assertEquals("bearer token", payload(logins.get(0)).path("credential").asText());
    }

    @Test
    void aFloodOfBadTokensBecomesAFewRecordsWhoseCountsAreExact() throws Exception {
        int sent = 300;
        for (int i = 0; i < sent; i++) {
            assertEquals(401, server.get("/api/v1/extensions", GUESSED + i).statusCode());
        }
        server.authenticator().close();
        List<AuditRecord> refusals = records().stream().filter(r -> refusal(r, "invalid_token")).toList();
        long total = 0;
        for (AuditRecord r : refusals) {
            total += payload(r).path("count").asLong();
        }
        assertEquals(sent, total, "every refused request counted: " + refusals);
        assertTrue(refusals.size() < sent / 3, "coalesced, not one record per request: " + refusals.size());
        assertEquals(sent, server.authenticator().refusals().counts().get("invalid_token"));
    }

    @Test
    void withoutTheAuditLogARefusalIsStillARefusalAndTheFailureIsAMetric() throws Exception {
        server.services.stopAuditLog();
        assertEquals(401, server.get("/api/v1/extensions", GUESSED).statusCode());
        assertEquals(403, server.get("/api/v1/audit", TestServer.OPERATOR).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        PrometheusScrape scrape;
        do {
            Thread.sleep(25);
            HttpResponse<String> metrics = server.get("/metrics", TestServer.AUDITOR);
            assertEquals(200, metrics.statusCode());
            scrape = PrometheusScrape.parse(metrics.body());
        } while (scrape.value("gatehouse_management_audit_failures_total", Map.of("kind", "refusal")) < 2 && System.nanoTime() < deadline);
        // one per key (the bad token's address, the operator's role refusal); more when a retry came in between
        assertTrue(scrape.value("gatehouse_management_audit_failures_total", Map.of("kind", "refusal")) >= 2);
        assertTrue(scrape.value("gatehouse_management_audit_failures_total", Map.of("kind", "login")) >= 1);
        assertEquals(0, scrape.value("gatehouse_component_up", Map.of("component", "audit_log")), 0.0);
        assertTrue(scrape.family("gatehouse_audit_records").isEmpty(), "the log's own families are left out while it is away");
        assertTrue(records().stream().noneMatch(r -> r.kind().equals("refusal")));
    }
}
