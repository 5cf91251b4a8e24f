package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.security.MessageDigest;
import org.gatehouse.extensions.api.Uploader;
import org.gatehouse.management.testing.Bundles;
import org.gatehouse.management.testing.Multipart;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The extension routes over real HTTP against the real server, with the in-memory extension
 * manager of the tests standing in for bundles/extension-manager (wired end to end in itest/).
 */
class ExtensionRoutesTest extends RunningServerFixture {
    private static final String POLICY = "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\"/>";

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> uploadRaw(String name, String version) throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), name, version);
        return server.send("POST", "/api/v1/extensions?file-name=" + name + ".jar", TestServer.ADMIN, "application/java-archive",
                Files.readAllBytes(jar));
    }

    @Test
    void rawUploadInstallsAndRecordsTheCommandWithTheBundleHash() throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions?file-name=limiter.jar", TestServer.ADMIN,
                "application/java-archive", Files.readAllBytes(jar));
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(Optional.of("/api/v1/extensions/com.acme.limiter"), response.headers().firstValue("Location"));
        JsonNode body = json(response);
        assertEquals("com.acme.limiter", body.path("extension").path("symbolicName").asText());
        assertEquals("enabled", body.path("extension").path("state").asText());
        JsonNode command = body.path("command");
        assertEquals("done", command.path("state").asText());
        assertEquals("extension.install", command.path("type").asText());
        assertEquals("admin-user", command.path("submitter").asText());
        assertEquals("Install a new extension from the uploaded bundle [limiter.jar]\n  bundle.file: limiter.jar\n  bundle.sha256: "
                + sha + "\n  bundle.size: " + Files.size(jar), command.path("canonicalForm").asText());
        assertEquals("installed com.acme.limiter 1.0.0 (enabled)", command.path("result").asText());
        assertEquals(new Uploader("admin-user", "limiter.jar"), server.services.extensions.uploaders().get(0));
    }

    @Test
    void multipartUploadPassesBundleAndPolicyAndDeletesTheTemporaryFiles() throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0");
        byte[] body = new Multipart()
                .file("bundle", "limiter.jar", "application/java-archive", Files.readAllBytes(jar))
                .file("policy", "policy.xml", "application/xml", POLICY.getBytes(StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, Multipart.CONTENT_TYPE, body);
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(Optional.of(POLICY), server.services.extensions.policies().get(0));
        assertEquals("limiter.jar", server.services.extensions.uploaders().get(0).fileName());
        String canonical = json(response).path("command").path("canonicalForm").asText();
        assertTrue(canonical.contains("policy.sha256: " + Upload.sha256(POLICY.getBytes(StandardCharsets.UTF_8))), canonical);
        try (var left = Files.list(server.uploadFolder())) {
            assertEquals(0, left.count(), "temporary upload files are deleted after the request");
        }
    }

    @Test
    void multipartWithoutBundlePartIsRefusedNamingThePart() throws Exception {
        byte[] body = new Multipart().file("policy", "policy.xml", "application/xml", POLICY.getBytes(StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, Multipart.CONTENT_TYPE, body);
        assertEquals(400, response.statusCode());
        assertEquals("the multipart part 'bundle' is missing or empty", json(response).path("error").path("message").asText());
    }

    @Test
    void multipartWithAnUnknownPartIsRefused() throws Exception {
        byte[] body = new Multipart().file("bundle", "a.jar", "application/java-archive", new byte[] {1})
                .file("extra", "x", "text/plain", new byte[] {2}).build();
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, Multipart.CONTENT_TYPE, body);
        assertEquals(400, response.statusCode());
        assertEquals("unexpected multipart part 'extra'; only 'bundle' and 'policy' are read", json(response).path("error").path("message").asText());
    }

    @Test
    void listAndShowWithFlowEngineHealth() throws Exception {
        assertEquals(201, uploadRaw("com.acme.limiter", "1.0.0").statusCode());
        JsonNode list = json(server.get("/api/v1/extensions", TestServer.OPERATOR));
        assertEquals(1, list.path("extensions").size());
        HttpResponse<String> show = server.get("/api/v1/extensions/com.acme.limiter", TestServer.OPERATOR);
        assertEquals(200, show.statusCode());
        assertEquals("1.0.0", json(show).path("extension").path("version").asText());
        assertEquals(40, json(show).path("health").path("completed").asInt());
        assertEquals("timeout", json(show).path("health").path("lastFailure").asText());
    }

    @Test
    void previewInstallsNothing() throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0");
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions/preview", TestServer.ADMIN, "application/java-archive",
                Files.readAllBytes(jar));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ENABLE", json(response).path("preview").path("verdict").asText());
        assertTrue(server.services.extensions.list().isEmpty());
        assertTrue(server.commands().list().isEmpty(), "a preview is a read, not a command");
    }

    @Test
    void enableDisableUpgradeRemoveAreCommands() throws Exception {
        uploadRaw("com.acme.limiter", "1.0.0");
        HttpResponse<String> disabled = server.send("POST", "/api/v1/extensions/com.acme.limiter/disable", TestServer.ADMIN, null, new byte[0]);
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertEquals("disabled", json(disabled).path("extension").path("state").asText());
        assertEquals("Disable extension [com.acme.limiter]", json(disabled).path("command").path("canonicalForm").asText());
        HttpResponse<String> enabled = server.send("POST", "/api/v1/extensions/com.acme.limiter/enable", TestServer.ADMIN, null, new byte[0]);
        assertEquals("enabled", json(enabled).path("extension").path("state").asText());

        Path v2 = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "2.0.0");
        HttpResponse<String> upgraded = server.send("PUT", "/api/v1/extensions/com.acme.limiter", TestServer.ADMIN,
                "application/java-archive", Files.readAllBytes(v2));
        assertEquals(200, upgraded.statusCode(), upgraded.body());
        assertEquals("2.0.0", json(upgraded).path("extension").path("version").asText());
        assertEquals("upgraded com.acme.limiter to 2.0.0 (enabled)", json(upgraded).path("command").path("result").asText());

        HttpResponse<String> removed = server.send("DELETE", "/api/v1/extensions/com.acme.limiter", TestServer.ADMIN, null, new byte[0]);
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals("removed com.acme.limiter", json(removed).path("command").path("result").asText());
        assertEquals(404, server.get("/api/v1/extensions/com.acme.limiter", TestServer.OPERATOR).statusCode());
        assertEquals(5, server.commands().list().size());
    }

    @Test
    void replacePolicyIsTheSecurityOfficersCommand() throws Exception {
        uploadRaw("com.acme.limiter", "1.0.0");
        HttpResponse<String> response = server.send("PUT", "/api/v1/extensions/com.acme.limiter/policy", TestServer.SECURITY_OFFICER,
                "application/xml", POLICY.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode command = json(response).path("command");
        assertEquals("extension.policy.replace", command.path("type").asText());
        assertEquals("security-officer-user", command.path("submitter").asText());
        assertEquals("com.acme.limiter 1.0.0: 1 permissions granted, 0 rejected", command.path("result").asText());
    }

    @Test
    void qualificationDenialIs422AndTheCommandIsAborted() throws Exception {
        HttpResponse<String> response = uploadRaw("denied.tool", "1.0.0");
        assertEquals(422, response.statusCode());
        JsonNode error = json(response).path("error");
        assertEquals("qualification_denied", error.path("code").asText());
        assertEquals("rule [no-unknown-publishers] denies denied.tool", error.path("message").asText());
        assertEquals(2, error.path("details").size());
        String id = error.path("command").asText();
        JsonNode command = json(server.get("/api/v1/commands/" + id, TestServer.AUDITOR)).path("command");
        assertEquals("aborted", command.path("state").asText());
        assertEquals("rule [no-unknown-publishers] denies denied.tool; hash not in the signature database", command.path("reason").asText());
    }

    @Test
    void errorsOfTheExtensionManagerMapToTheirStatuses() throws Exception {
        uploadRaw("com.acme.limiter", "1.0.0");
        assertEquals(409, uploadRaw("com.acme.limiter", "1.0.0").statusCode(), "installed twice");
        assertEquals(404, server.send("POST", "/api/v1/extensions/nothing/enable", TestServer.ADMIN, null, new byte[0]).statusCode());
        HttpResponse<String> notAJar = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive",
                "not a zip".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notAJar.statusCode());
        assertEquals("invalid_extension", json(notAJar).path("error").path("code").asText());
        HttpResponse<String> text = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "text/plain", new byte[] {1, 2});
        assertEquals(415, text.statusCode());
        assertEquals("unsupported_media_type", json(text).path("error").path("code").asText());
        try (var files = java.nio.file.Files.list(server.uploadFolder())) {
            assertEquals(0, files.count(), "refused at the head: nothing stored");
        }
        HttpResponse<String> empty = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive", new byte[0]);
        assertEquals(400, empty.statusCode());
    }

    @Test
    void withoutTheExtensionManagerTheRoutesAnswer503() throws Exception {
        server.services.stopExtensionManager();
        HttpResponse<String> response = server.get("/api/v1/extensions", TestServer.OPERATOR);
        assertEquals(503, response.statusCode());
        assertEquals("the extension manager is not running", json(response).path("error").path("message").asText());
    }
}
