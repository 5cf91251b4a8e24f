package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.ConsistencyProof;
import org.gatehouse.audit.log.InclusionProof;
import org.gatehouse.audit.log.Verifier;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/audit} over a real listener and a real audit log: pages of records as stored (each
 * line hashed again here), the signed head, inclusion and consistency proofs checked with the key
 * the API serves, 400 naming each bad parameter, 503 without the log, and who may read it. The
 * server records its own logins into the same log while the test runs, so the assertions look for
 * the test's records by content rather than by position.
 */
class AuditRoutesTest extends RunningServerFixture {
    private static final HexFormat HEX = HexFormat.of();

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = server.get(path, token);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private void appendRecords(int n) {
        for (int i = 0; i < n; i++) {
            server.services.audit.append("command.status", "alice", "command " + i, "done\nline two \"quoted\" " + i);
        }
    }

    private static String sha256(byte... parts) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(parts));
    }

    private static byte[] leafInput(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        byte[] leaf = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, leaf, 1, bytes.length);
        return leaf;
    }

    @Test
    void pagesThroughEveryRecordAsStoredWithItsChainAndLeafHashes() throws Exception {
        appendRecords(25);
        List<JsonNode> all = new ArrayList<>();
        long from = 0;
        JsonNode page;
        do {
            page = get("/api/v1/audit?from=" + from + "&limit=7", TestServer.AUDITOR);
            assertEquals(from, page.path("from").asLong());
            assertTrue(page.path("records").size() <= 7);
            page.path("records").forEach(all::add);
            from = page.path("next").asLong();
        } while (!page.path("next").isNull());
        assertTrue(all.size() >= 25, "every record: " + all.size());
        String previous = AuditRecord.NO_PREVIOUS;
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            assertEquals(i, r.path("sequence").asLong());
            assertEquals(previous, r.path("previousHash").asText(), "record " + i + " chains to the one before");
            String line = r.path("line").asText();
            assertEquals(sha256(line.getBytes(StandardCharsets.UTF_8)), r.path("hash").asText());
            assertEquals(sha256(leafInput(line)), r.path("leafHash").asText());
            AuditRecord stored = server.services.audit.read(i, 1).get(0);
            assertEquals(new String(stored.canonicalBytes(), StandardCharsets.UTF_8), line);
            assertEquals(stored.kind(), r.path("kind").asText());
            assertEquals(stored.actor(), r.path("actor").asText());
            assertEquals(stored.subject(), r.path("subject").asText());
            assertEquals(stored.payload(), r.path("payload").asText());
            assertEquals(stored.time(), Instant.parse(r.path("time").asText()));
            previous = r.path("hash").asText();
        }
        assertTrue(all.stream().anyMatch(r -> r.path("payload").asText().equals("done\nline two \"quoted\" 24")),
                "payloads exactly as appended");

        JsonNode end = get("/api/v1/audit?from=" + all.size(), TestServer.AUDITOR);
        assertEquals(0, end.path("records").size());
        assertTrue(end.path("next").isNull());
        JsonNode first = get("/api/v1/audit", TestServer.SECURITY_OFFICER);
        assertEquals(0, first.path("from").asLong());
        assertEquals(Math.min(AuditRoutes.DEFAULT_LIMIT, first.path("size").asLong()), first.path("records").size());
    }

    @Test
    void aBadParameterIsA400NamingIt() throws Exception {
        appendRecords(3);
        assertBad("/api/v1/audit?limit=0", "query parameter 'limit' is 0; it must be from 1 to 1000");
        assertBad("/api/v1/audit?limit=1001", "query parameter 'limit' is 1001; it must be from 1 to 1000");
        assertBad("/api/v1/audit?limit=ten", "query parameter 'limit' must be a whole number from 1 to 1000, not 'ten'");
        assertBad("/api/v1/audit?from=-1", "query parameter 'from' is -1; it must be from 0 to ");
        assertBad("/api/v1/audit?from=99999999999999999999", "query parameter 'from' must be a whole number");
        assertBad("/api/v1/audit?from=100000", "query parameter 'from' is 100000; it must be from 0 to ");
        assertBad("/api/v1/audit/proof/inclusion", "query parameter 'sequence' is required");
        assertBad("/api/v1/audit/proof/inclusion?sequence=2&size=2", "query parameter 'sequence' is 2; it must be from 0 to 1");
        assertBad("/api/v1/audit/proof/inclusion?sequence=0&size=0", "query parameter 'size' is 0; it must be from 1 to ");
        assertBad("/api/v1/audit/proof/inclusion?sequence=0&size=100000", "query parameter 'size' is 100000");
        assertBad("/api/v1/audit/proof/consistency", "query parameter 'from' is required");
        assertBad("/api/v1/audit/proof/consistency?from=3&to=2", "query parameter 'from' is 3; it must be from 0 to 2");
        assertBad("/api/v1/audit/proof/consistency?from=1&to=100000", "query parameter 'to' is 100000");
        assertBad("/api/v1/audit/proof/consistency?from=%0a1", "query parameter 'from' must be a whole number from 0 to ");
    }

    private void assertBad(String path, String messageStart) throws Exception {
        HttpResponse<String> response = server.get(path, TestServer.AUDITOR);
        assertEquals(400, response.statusCode(), path + ": " + response.body());
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertEquals("bad_request", error.path("code").asText());
        assertTrue(error.path("message").asText().startsWith(messageStart), path + ": " + error.path("message").asText());
        assertFalse(error.path("message").asText().contains("\n"), "one line: " + error.path("message").asText());
    }

    @Test
    void theHeadIsSignedAndItsProofsVerifyWithTheKeyServed() throws Exception {
        HttpResponse<String> keyResponse = server.get("/api/v1/audit/key", TestServer.AUDITOR);
        assertEquals(200, keyResponse.statusCode());
        assertEquals(AuditRoutes.PEM_TYPE, keyResponse.headers().firstValue("content-type").orElse(""));
        Path keyFile = folder.resolve("element-key.pub.pem");
        Files.writeString(keyFile, keyResponse.body(), StandardCharsets.US_ASCII);
        var key = Verifier.readPublicKey(keyFile);
        assertEquals(server.services.audit.publicKey(), key);

        appendRecords(10);
        JsonNode oldHead = get("/api/v1/audit/head", TestServer.AUDITOR);
        Checkpoint old = checkpoint(oldHead.path("checkpoint"));
        assertEquals(oldHead.path("size").asLong(), old.treeSize(), "the head is signed as it is");
        assertEquals(oldHead.path("rootHash").asText(), old.rootHash());
        assertTrue(old.verify(key));

        appendRecords(13);
        JsonNode newHead = get("/api/v1/audit/head", TestServer.SECURITY_OFFICER);
        Checkpoint newer = checkpoint(newHead.path("checkpoint"));
        assertTrue(newer.verify(key));
        assertTrue(newer.treeSize() >= old.treeSize() + 13);

        JsonNode consistency = get("/api/v1/audit/proof/consistency?from=" + old.treeSize() + "&to=" + newer.treeSize(), TestServer.AUDITOR);
        ConsistencyProof proof = new ConsistencyProof(old.treeSize(), newer.treeSize(), strings(consistency.path("path")));
        assertTrue(proof.verify(old.rootHash(), newer.rootHash()), "the log only grew");
        assertFalse(proof.verify(newer.rootHash(), old.rootHash()), "and the proof is about these two trees");

        long sequence = old.treeSize() - 3;
        JsonNode inclusion = get("/api/v1/audit/proof/inclusion?sequence=" + sequence + "&size=" + newer.treeSize(), TestServer.AUDITOR);
        InclusionProof audit = new InclusionProof(sequence, newer.treeSize(), strings(inclusion.path("path")));
        JsonNode record = get("/api/v1/audit?from=" + sequence + "&limit=1", TestServer.AUDITOR).path("records").get(0);
        String leaf = sha256(leafInput(record.path("line").asText()));
        assertEquals(leaf, inclusion.path("leafHash").asText());
        assertTrue(audit.verify(leaf, newer.rootHash()), "the record is in the signed tree");
        assertFalse(audit.verify(sha256(leafInput(record.path("line").asText() + " ")), newer.rootHash()), "a changed record is not");

        JsonNode whole = get("/api/v1/audit/proof/consistency?from=" + old.treeSize(), TestServer.AUDITOR);
        assertTrue(whole.path("to").asLong() >= newer.treeSize(), "'to' defaults to the whole log");
    }

    private static Checkpoint checkpoint(JsonNode node) {
        return new Checkpoint(node.path("treeSize").asLong(), node.path("rootHash").asText(), Instant.parse(node.path("time").asText()),
                node.path("keyId").asText(), node.path("signature").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void withoutTheAuditLogEveryRouteIs503() throws Exception {
        server.services.stopAuditLog();
        for (String path : List.of("/api/v1/audit", "/api/v1/audit/head", "/api/v1/audit/proof/inclusion?sequence=0",
                "/api/v1/audit/proof/consistency?from=0", "/api/v1/audit/key")) {
            HttpResponse<String> response = server.get(path, TestServer.AUDITOR);
            assertEquals(503, response.statusCode(), path + ": " + response.body());
            assertEquals("the audit log is not running", Json.MAPPER.readTree(response.body()).path("error").path("message").asText());
        }
    }

    @Test
    void auditorsAndSecurityOfficersReadItOperatorsAndAdminsDoNot() throws Exception {
        appendRecords(1);
        for (String path : List.of("/api/v1/audit", "/api/v1/audit/head", "/api/v1/audit/proof/inclusion?sequence=0",
                "/api/v1/audit/proof/consistency?from=0", "/api/v1/audit/key")) {
            for (String token : List.of(TestServer.AUDITOR, TestServer.SECURITY_OFFICER)) {
                assertEquals(200, server.get(path, token).statusCode(), path + " as " + token);
            }
            for (String token : List.of(TestServer.OPERATOR, TestServer.ADMIN)) {
                HttpResponse<String> refused = server.get(path, token);
                assertEquals(403, refused.statusCode(), path + " as " + token);
                assertFalse(refused.body().contains("\"records\""), refused.body());
            }
            HttpResponse<String> anonymous = server.get(path, null);
            assertEquals(401, anonymous.statusCode(), path);
            assertNotEquals(200, server.get(path, "admin-token-guessed").statusCode());
        }
    }
}
