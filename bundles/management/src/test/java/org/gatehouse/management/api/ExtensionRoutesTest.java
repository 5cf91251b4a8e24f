package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.security.MessageDigest;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.confirm.ConfirmationDesk;
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
    void anUploadIsACommandAwaitingConfirmationThatInstallsOnlyOnceConfirmed() throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions?file-name=limiter.jar", TestServer.ADMIN,
                "application/java-archive", Files.readAllBytes(jar));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode command = json(response).path("command");
        assertEquals(Optional.of("/api/v1/commands/" + command.path("id").asText()), response.headers().firstValue("Location"));
        assertEquals("awaiting_confirmation", command.path("state").asText());
        assertEquals("extension.install", command.path("type").asText());
        assertEquals("admin-user", command.path("submitter").asText());
        assertEquals("admin", command.path("role").asText());
        assertEquals("Install a new extension from the uploaded bundle [limiter.jar]\n  bundle.file: limiter.jar\n  bundle.sha256: "
                + sha + "\n  bundle.size: " + Files.size(jar), command.path("canonicalForm").asText());
        String rendering = command.path("rendering").asText();
        assertTrue(rendering.contains("  install com.acme.limiter 1.0.0, enabled, bundle SHA-256 " + sha + "\n"), rendering);
        assertTrue(rendering.contains("  qualification verdict: ENABLE\n"), rendering);
        assertTrue(rendering.contains("  permissions it will have (+ granted now, - taken away, = kept):\n    none\n"),
                "no policy, no permission: " + rendering);
        assertTrue(rendering.contains("  extension:com.acme.limiter at modification 1\n"), rendering);
        assertTrue(server.services.extensions.list().isEmpty(), "nothing is installed before confirmation");
        assertEquals(404, server.get("/api/v1/extensions/com.acme.limiter", TestServer.OPERATOR).statusCode());

        Command done = server.confirm(response, "admin-user");
        assertEquals(CommandState.DONE, done.state());
        assertEquals(Optional.of("installed com.acme.limiter 1.0.0 (enabled)"), done.result());
        assertEquals(Optional.of("admin-user"), done.confirmedBy());
        assertEquals(new Uploader("admin-user", "limiter.jar"), server.services.extensions.uploaders().get(0));
        assertEquals("enabled", json(server.get("/api/v1/extensions/com.acme.limiter", TestServer.OPERATOR)).path("extension")
                .path("state").asText());
    }

    @Test
    void multipartUploadPassesBundleAndPolicyAndDeletesTheTemporaryFiles() throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0");
        byte[] body = new Multipart()
                .file("bundle", "limiter.jar", "application/java-archive", Files.readAllBytes(jar))
                .file("policy", "policy.xml", "application/xml", POLICY.getBytes(StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, Multipart.CONTENT_TYPE, body);
        assertEquals(202, response.statusCode(), response.body());
        String canonical = json(response).path("command").path("canonicalForm").asText();
        assertTrue(canonical.contains("policy.sha256: " + Upload.sha256(POLICY.getBytes(StandardCharsets.UTF_8))), canonical);
        try (var left = Files.list(server.uploadFolder())) {
            assertEquals(0, left.count(), "temporary upload files are deleted after the request");
        }
        server.confirm(response, "admin-user");
        assertEquals(Optional.of(POLICY), server.services.extensions.policies().get(0), "installed with the policy");
        assertEquals("limiter.jar", server.services.extensions.uploaders().get(0).fileName());
        try (var staged = Files.list(server.dataDir().resolve("commands/staged"))) {
            assertEquals(0, staged.count(), "the staged copy goes once the command ran");
        }
    }

    @Test
    void aNameWithLineBreaksOrInvisibleCharactersIsShownEscapedAndCannotImitateThePhraseLine() throws Exception {
        Path jar = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0");
        String name = "x.jar%0AYour%20anti-spoofing%20phrase:%20fake%E2%80%AE";
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions?file-name=" + name, TestServer.ADMIN,
                "application/java-archive", Files.readAllBytes(jar));
        assertEquals(202, response.statusCode(), response.body());
        String id = json(response).path("command").path("id").asText();
        server.desk().setPhrase("admin-user", "green lanterns at noon");
        String shown = server.desk().render(id, "admin-user").text();
        assertTrue(shown.endsWith("\nYour anti-spoofing phrase: green lanterns at noon\n"), shown);
        List<String> phraseLines = shown.lines().filter(l -> l.startsWith("Your anti-spoofing phrase: ")).toList();
        assertEquals(List.of("Your anti-spoofing phrase: green lanterns at noon"), phraseLines, shown);
        assertTrue(shown.contains("[x.jarYour anti-spoofing phrase: fake\\u{202E}]"), "the line break is dropped, not made: " + shown);
        assertTrue(shown.contains("\\u{202E}"), "the right-to-left override is shown by its code point: " + shown);
        for (String line : shown.split("\n")) {
            assertTrue(!line.startsWith("Your anti-spoofing phrase: fake"), line);
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
        installed("com.acme.limiter", "1.0.0");
        JsonNode list = json(server.get("/api/v1/extensions", TestServer.OPERATOR));
        assertEquals(1, list.path("extensions").size());
        HttpResponse<String> show = server.get("/api/v1/extensions/com.acme.limiter", TestServer.OPERATOR);
        assertEquals(200, show.statusCode());
        assertEquals(Optional.of("\"2\""), show.headers().firstValue("ETag"), "absent was 1, installed is 2");
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
        installed("com.acme.limiter", "1.0.0");
        HttpResponse<String> disabling = server.send("POST", "/api/v1/extensions/com.acme.limiter/disable", TestServer.ADMIN, null, new byte[0]);
        assertEquals(202, disabling.statusCode(), disabling.body());
        assertEquals("Disable extension [com.acme.limiter]", json(disabling).path("command").path("canonicalForm").asText());
        assertEquals("enabled", server.services.extensions.get("com.acme.limiter").orElseThrow().state().name().toLowerCase());
        assertEquals(CommandState.DONE, server.confirm(disabling, "admin-user").state());
        assertEquals("disabled", server.services.extensions.get("com.acme.limiter").orElseThrow().state().name().toLowerCase());
        server.change("POST", "/api/v1/extensions/com.acme.limiter/enable", TestServer.ADMIN, null, new byte[0]);
        assertEquals("enabled", server.services.extensions.get("com.acme.limiter").orElseThrow().state().name().toLowerCase());

        Path v2 = Bundles.write(folder.resolve("jars"), "com.acme.limiter", "2.0.0");
        HttpResponse<String> upgrading = server.send("PUT", "/api/v1/extensions/com.acme.limiter", TestServer.ADMIN,
                "application/java-archive", Files.readAllBytes(v2));
        assertTrue(json(upgrading).path("command").path("rendering").asText().contains("  upgrade com.acme.limiter from 1.0.0 to 2.0.0"),
                upgrading.body());
        Command upgraded = server.confirm(upgrading, "admin-user");
        assertEquals(Optional.of("upgraded com.acme.limiter to 2.0.0 (enabled)"), upgraded.result());

        Command removed = server.change("DELETE", "/api/v1/extensions/com.acme.limiter", TestServer.ADMIN, null, new byte[0]);
        assertEquals(Optional.of("removed com.acme.limiter"), removed.result());
        assertEquals(404, server.get("/api/v1/extensions/com.acme.limiter", TestServer.OPERATOR).statusCode());
        assertEquals(5, server.commands().list().size());
    }

    @Test
    void theModificationCountIsTheETagAndAChangeAgainstAnOtherCountIs412() throws Exception {
        installed("com.acme.limiter", "1.0.0");
        String path = "/api/v1/extensions/com.acme.limiter";
        assertEquals(Optional.of("\"2\""), server.get(path, TestServer.OPERATOR).headers().firstValue("ETag"));
        server.change("POST", path + "/disable", TestServer.ADMIN, null, new byte[0]);
        assertEquals(Optional.of("\"3\""), server.get(path, TestServer.OPERATOR).headers().firstValue("ETag"));
        assertEquals(Optional.of("\"3\""), server.get(path, TestServer.OPERATOR).headers().firstValue("ETag"), "a read moves nothing");
        Command noOp = server.change("POST", path + "/disable", TestServer.ADMIN, null, new byte[0]);
        assertEquals(Optional.of("\"3\""), server.get(path, TestServer.OPERATOR).headers().firstValue("ETag"),
                "disabling a disabled extension changes nothing, and the count stays: " + noOp);

        HttpResponse<String> stale = server.send(server.request(path + "/enable", TestServer.ADMIN).header("If-Match", "\"2\"")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals(Optional.of("\"3\""), stale.headers().firstValue("ETag"));
        assertEquals(3, server.commands().list().size(), "a refused precondition records no command");
        HttpResponse<String> current = server.send(server.request(path + "/enable", TestServer.ADMIN).header("If-Match", "\"3\"")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(202, current.statusCode(), current.body());
    }

    @Test
    void aCommandShownAtOneCountIsShownAgainWhenTheExtensionChangedBeforeTheConfirmation() throws Exception {
        installed("com.acme.limiter", "1.0.0");
        HttpResponse<String> disabling = server.send("POST", "/api/v1/extensions/com.acme.limiter/disable", TestServer.ADMIN, null, new byte[0]);
        String id = json(disabling).path("command").path("id").asText();
        server.desk().setPhrase("admin-user", "green lanterns at noon");
        ConfirmationDesk.Rendering shown = server.desk().render(id, "admin-user");
        assertTrue(shown.text().contains("extension:com.acme.limiter at modification 2"), shown.text());

        server.change("POST", "/api/v1/extensions/com.acme.limiter/disable", TestServer.ADMIN, null, new byte[0]);
        ConfirmationDesk.Answer answer = server.desk().answer(id, "admin-user", shown.digest(), true);
        ConfirmationDesk.Rendering again = assertInstanceOf(ConfirmationDesk.Answer.Changed.class, answer).rendering();
        assertTrue(again.text().contains("extension:com.acme.limiter at modification 3"), again.text());
        assertTrue(again.text().contains("is disabled; it will be disabled"), again.text());
        assertEquals("awaiting_confirmation", server.commands().get(id).orElseThrow().state().wireName());
        assertInstanceOf(ConfirmationDesk.Answer.Ran.class, server.desk().answer(id, "admin-user", again.digest(), true));
    }

    @Test
    void replacePolicyIsTheSecurityOfficersCommand() throws Exception {
        installed("com.acme.limiter", "1.0.0");
        HttpResponse<String> response = server.send("PUT", "/api/v1/extensions/com.acme.limiter/policy", TestServer.SECURITY_OFFICER,
                "application/xml", POLICY.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode command = json(response).path("command");
        assertEquals("extension.policy.replace", command.path("type").asText());
        assertEquals("security-officer", command.path("role").asText());
        assertTrue(command.path("rendering").asText().contains("grants added:"), command.path("rendering").asText());
        assertEquals("not_allowed", org.junit.jupiter.api.Assertions.assertThrows(ConfirmationDesk.ConfirmationRefused.class,
                () -> server.confirm(response, "admin-user")).code(), "an admin does not confirm a policy");
        Command done = server.confirm(response, "security-officer-user");
        assertEquals(Optional.of("com.acme.limiter 1.0.0: 1 permissions granted, 0 rejected"), done.result());
    }

    @Test
    void qualificationDenialIs422AndTheCommandIsAbortedAtSubmission() throws Exception {
        HttpResponse<String> response = uploadRaw("denied.tool", "1.0.0");
        assertEquals(422, response.statusCode(), response.body());
        JsonNode error = json(response).path("error");
        assertEquals("qualification_denied", error.path("code").asText());
        assertEquals("rule [no-unknown-publishers] denies denied.tool", error.path("message").asText());
        String id = error.path("command").asText();
        JsonNode command = json(server.get("/api/v1/commands/" + id, TestServer.AUDITOR)).path("command");
        assertEquals("aborted", command.path("state").asText());
        assertTrue(command.path("reason").asText().startsWith("rule [no-unknown-publishers] denies denied.tool"), command.toString());
    }

    @Test
    void errorsOfTheExtensionManagerMapToTheirStatuses() throws Exception {
        installed("com.acme.limiter", "1.0.0");
        assertEquals(409, uploadRaw("com.acme.limiter", "1.0.0").statusCode(), "installed twice");
        assertEquals(404, server.send("POST", "/api/v1/extensions/nothing/enable", TestServer.ADMIN, null, new byte[0]).statusCode());
        HttpResponse<String> notAJar = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive",
                "not a zip".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notAJar.statusCode(), notAJar.body());
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

    private void installed(String name, String version) throws Exception {
        assertEquals(CommandState.DONE, server.confirm(uploadRaw(name, version), "admin-user").state());
    }

    @Test
    void withoutTheExtensionManagerTheRoutesAnswer503() throws Exception {
        server.services.stopExtensionManager();
        HttpResponse<String> response = server.get("/api/v1/extensions", TestServer.OPERATOR);
        assertEquals(503, response.statusCode());
        assertEquals("the extension manager is not running", json(response).path("error").path("message").asText());
    }
}
