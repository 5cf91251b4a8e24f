package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.qualification.QualificationFiles;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * Install qualification's configuration changed over the API (docs/management.md "Qualification
 * and trust"), on the real server with the real in-force ledger: each change is a command that
 * changes nothing until a security officer confirms it, renders what it changes, refuses bad input
 * at submission naming what and where, and is decided from the content in force after a crash.
 */
class QualificationRoutesTest extends RunningServerFixture {
    private static final String OFFICER = "security-officer-user";
    private static final String SHA = "9a1f".repeat(16);
    private static final String RULES = """
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <rule name="approved" answer="enable"><match><reference-group>approved</reference-group></match></rule>
            </qualification-rules>
            """;

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private static String rendering(HttpResponse<String> submitted) throws IOException {
        assertEquals(202, submitted.statusCode(), submitted.body());
        return json(submitted).path("command").path("rendering").asText();
    }

    private InForceLedger ledger() {
        return InForceLedger.open(server.home().resolve("conf"), server.dataDir());
    }

    private HttpResponse<String> putRules(String document, String token) throws Exception {
        return server.send("PUT", "/api/v1/qualification/rules", token, "application/xml", document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rulesReplacedAreInForceOnlyOnceASecurityOfficerConfirmsAndTheRenderingNamesEachRule() throws Exception {
        assertEquals(404, server.get("/api/v1/qualification/rules", TestServer.ADMIN).statusCode(), "none in force yet");
        assertEquals(403, putRules(RULES, TestServer.ADMIN).statusCode(), "an admin may not change what may come in");

        HttpResponse<String> submitted = putRules(RULES, TestServer.SECURITY_OFFICER);
        String rendering = rendering(submitted);
        assertTrue(rendering.contains("Replace the qualification rules [qualification-rules.xml]"), rendering);
        assertTrue(rendering.contains("  + rule approved: enable, hash-scope listed, reference groups [approved], native code denied\n"),
                rendering);
        assertTrue(rendering.contains("qualification at modification 1"), rendering);
        assertEquals(Optional.empty(), ledger().inForce(QualificationFiles.RULES), "nothing changed before the confirmation");
        assertFalse(Files.exists(server.home().resolve("conf/qualification-rules.xml")));

        Command done = server.confirm(submitted, OFFICER);
        assertEquals(CommandState.DONE, done.state(), done.toString());
        assertEquals(RULES, new String(ledger().inForce(QualificationFiles.RULES).orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(RULES, Files.readString(server.home().resolve("conf/qualification-rules.xml")), "the file and the content in force");
        HttpResponse<String> shown = server.get("/api/v1/qualification/rules", TestServer.AUDITOR);
        assertEquals(RULES, shown.body());
        assertEquals(Optional.of("\"2\""), shown.headers().firstValue("ETag"));

        String changed = RULES.replace("answer=\"enable\"", "answer=\"deny\"").replace("</qualification-rules>",
                "  <rule name=\"ops\" answer=\"enable\" hash-scope=\"any\"><match><uploader>ops</uploader></match></rule>\n"
                + "</qualification-rules>");
        String second = rendering(putRules(changed, TestServer.SECURITY_OFFICER));
        assertTrue(second.contains("  ~ rule approved: enable, hash-scope listed, reference groups [approved], native code denied\n"
                + "        becomes deny, hash-scope listed, reference groups [approved], native code denied\n"), second);
        assertTrue(second.contains("  + rule ops: enable, hash-scope any, uploaders [ops], native code denied\n"), second);
    }

    @Test
    void aRulesDocumentThatDoesNotReadIsRefusedAtSubmissionNamingLineAndColumn() throws Exception {
        HttpResponse<String> refused = putRules(RULES.replace("answer=\"enable\"", "answer=\"maybe\""), TestServer.SECURITY_OFFICER);
        assertEquals(400, refused.statusCode(), refused.body());
        String message = json(refused).path("error").path("message").asText();
        assertTrue(message.startsWith("qualification-rules.xml [2:"), message);
        assertTrue(message.contains("/qualification-rules/rule[1]"), message);
        assertEquals(List.of(), server.commands().list(), "no command recorded");

        HttpResponse<String> entity = putRules("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", TestServer.SECURITY_OFFICER);
        assertEquals(400, entity.statusCode(), entity.body());
        assertFalse(entity.body().contains("root:"), "no entity is ever resolved");
    }

    @Test
    void aHashIsListedOnlyOnceConfirmedAndACancelledOrExpiredOneNeverIs() throws Exception {
        HttpResponse<String> bad = server.send("POST", "/api/v1/trust/hashes?sha256=1234&group=ops", TestServer.SECURITY_OFFICER, null,
                new byte[0]);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("query parameter 'sha256': [1234] is not a SHA-256"), bad.body());
        HttpResponse<String> badGroup = server.send("POST", "/api/v1/trust/hashes?sha256=" + SHA + "&group=%0Aevil",
                TestServer.SECURITY_OFFICER, null, new byte[0]);
        assertEquals(400, badGroup.statusCode(), badGroup.body());

        HttpResponse<String> cancelled = server.send("POST", "/api/v1/trust/hashes?sha256=" + SHA + "&group=ops",
                TestServer.SECURITY_OFFICER, null, new byte[0]);
        String rendering = rendering(cancelled);
        assertTrue(rendering.contains("List in the signature database the bundle hash [" + SHA + "]"), rendering);
        assertTrue(rendering.contains("  + hash " + SHA + " in reference groups [ops], added by security-officer-user at "), rendering);
        String id = json(cancelled).path("command").path("id").asText();
        assertEquals(200, server.send("POST", "/api/v1/commands/" + id + "/cancel", TestServer.SECURITY_OFFICER, null, new byte[0])
                .statusCode());
        assertEquals(0, json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("hashes").size(), "a cancelled command changed nothing");

        HttpResponse<String> submitted = server.send("POST", "/api/v1/trust/hashes?sha256=" + SHA.toUpperCase() + "&group=ops",
                TestServer.SECURITY_OFFICER, null, new byte[0]);
        rendering(submitted);
        assertEquals(0, json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("hashes").size(), "not before the confirmation");
        server.confirm(submitted, OFFICER);
        JsonNode hashes = json(server.get("/api/v1/trust", TestServer.ADMIN)).path("hashes");
        assertEquals(1, hashes.size());
        assertEquals(SHA, hashes.get(0).path("sha256").asText(), "stored lower-case");
        assertEquals("[\"ops\"]", hashes.get(0).path("groups").toString());

        HttpResponse<String> again = server.send("POST", "/api/v1/trust/hashes?sha256=" + SHA + "&group=other", TestServer.SECURITY_OFFICER,
                null, new byte[0]);
        assertEquals(409, again.statusCode(), again.body());

        HttpResponse<String> removed = server.send("DELETE", "/api/v1/trust/hashes/" + SHA, TestServer.SECURITY_OFFICER, null, new byte[0]);
        assertTrue(rendering(removed).contains("  - hash " + SHA + " in reference groups [ops]"), rendering(removed));
        assertEquals(1, json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("hashes").size(), "listed until confirmed");
        server.confirm(removed, OFFICER);
        assertEquals(0, json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("hashes").size());
        assertEquals(404, server.send("DELETE", "/api/v1/trust/hashes/" + SHA, TestServer.SECURITY_OFFICER, null, new byte[0]).statusCode());
    }

    @Test
    void aCommandThatExpiresChangesNothing() throws Exception {
        server.close();
        server = TestServer.start(folder.resolve("expiring"), java.util.Map.of("gatehouse.commands.expire-after", "1s"));
        HttpResponse<String> submitted = putRules(RULES, TestServer.SECURITY_OFFICER);
        String id = json(submitted).path("command").path("id").asText();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (server.commands().get(id).orElseThrow().state() == CommandState.AWAITING_CONFIRMATION && System.nanoTime() < deadline) {
            Thread.sleep(200);
            server.commands().expireDue();
        }
        assertEquals(CommandState.EXPIRED, server.commands().get(id).orElseThrow().state());
        assertEquals(Optional.empty(), ledger().inForce(QualificationFiles.RULES));
    }

    @Test
    void aPublisherIsRenderedBySubjectIssuerFingerprintAndValidityAndTrustedOnlyOnceConfirmed() throws Exception {
        Authority vendor = TestPki.authority("CN=Acme Release Signing,O=Acme,C=DE");
        Path pem = TestPki.pem(folder.resolve("vendor.pem"), vendor.certificate());
        String fingerprint = QualificationFiles.fingerprint(vendor.certificate());

        HttpResponse<String> notACertificate = server.send("POST", "/api/v1/trust/publishers?name=acme", TestServer.SECURITY_OFFICER,
                "application/x-pem-file", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notACertificate.statusCode(), notACertificate.body());
        assertTrue(notACertificate.body().contains("the uploaded certificate: not an X.509 certificate"), notACertificate.body());
        HttpResponse<String> badName = server.send("POST", "/api/v1/trust/publishers?name=../x", TestServer.SECURITY_OFFICER,
                "application/x-pem-file", Files.readAllBytes(pem));
        assertEquals(400, badName.statusCode(), badName.body());
        Authority old = TestPki.authority("CN=Old");
        Path expired = TestPki.pem(folder.resolve("expired.pem"), old.leaf("CN=Expired Signing",
                Instant.now().minus(30, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS)).certificate());
        HttpResponse<String> expiredRefused = server.send("POST", "/api/v1/trust/publishers?name=old", TestServer.SECURITY_OFFICER,
                "application/x-pem-file", Files.readAllBytes(expired));
        assertEquals(400, expiredRefused.statusCode(), expiredRefused.body());
        assertTrue(expiredRefused.body().contains("has expired"), expiredRefused.body());

        HttpResponse<String> submitted = server.send("POST", "/api/v1/trust/publishers?name=acme", TestServer.SECURITY_OFFICER,
                "application/x-pem-file", Files.readAllBytes(pem));
        String rendering = rendering(submitted);
        assertTrue(rendering.contains("Trust the publisher [acme]"), rendering);
        assertTrue(rendering.contains("  + publisher certificate subject CN=Acme Release Signing,O=Acme,C=DE, issuer CN=Acme Release Signing,"
                + "O=Acme,C=DE, SHA-256 fingerprint " + fingerprint + ", valid from " + vendor.certificate().getNotBefore().toInstant()
                + " to " + vendor.certificate().getNotAfter().toInstant()), rendering);
        assertEquals(0, json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("publishers").size());

        server.confirm(submitted, OFFICER);
        JsonNode publishers = json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("publishers");
        assertEquals(1, publishers.size());
        assertEquals(fingerprint, publishers.get(0).path("sha256").asText());
        assertTrue(Files.exists(server.home().resolve("conf/trusted-publishers/acme.pem")));

        HttpResponse<String> removal = server.send("DELETE", "/api/v1/trust/publishers/acme", TestServer.SECURITY_OFFICER, null, new byte[0]);
        assertTrue(rendering(removal).contains("stop trusting the publisher acme"), rendering(removal));
        server.confirm(removal, OFFICER);
        assertEquals(0, json(server.get("/api/v1/trust", TestServer.AUDITOR)).path("publishers").size());
        assertFalse(Files.exists(server.home().resolve("conf/trusted-publishers/acme.pem")));
    }

    @Test
    void theOverviewSaysTheSecureDefaultDecidesWhileNoRulesAreInForce() throws Exception {
        JsonNode q = json(server.get("/api/v1/qualification", TestServer.ADMIN)).path("qualification");
        assertEquals("trusted", q.path("default").asText());
        assertFalse(q.path("rulesInForce").asBoolean());
        assertTrue(q.path("decides").asText().contains("secure default"), q.toString());
        assertEquals(403, server.get("/api/v1/qualification", TestServer.OPERATOR).statusCode());
    }

    @Test
    void aCommandLeftInProgressByACrashIsDecidedFromTheContentInForce() throws Exception {
        HttpResponse<String> submitted = server.send("POST", "/api/v1/trust/hashes?sha256=" + SHA + "&group=ops",
                TestServer.SECURITY_OFFICER, null, new byte[0]);
        Command command = server.commands().get(json(submitted).path("command").path("id").asText()).orElseThrow();
        CommandEvidence evidence = new CommandEvidence(server.services, () -> null, Optional.of(ledger()));
        CommandBook.Finding before = evidence.examine(command).orElseThrow();
        assertFalse(before.tookEffect(), before.evidence());
        server.confirm(submitted, OFFICER);
        CommandBook.Finding after = evidence.examine(command).orElseThrow();
        assertTrue(after.tookEffect(), after.evidence());
        assertEquals(CommandType.TRUST_HASH_ADD, command.type());
    }
}
