package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.management.testing.Bundles;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/commands} over real HTTP: newest first, by state, by id, bounded; and kept across a restart of the server. */
class CommandRoutesTest {
    @TempDir
    Path folder;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(folder.resolve("home"), Map.of());
        byte[] jar = Files.readAllBytes(Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0"));
        server.change("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive", jar);
        server.change("POST", "/api/v1/extensions/com.acme.limiter/enable", TestServer.ADMIN, null, new byte[0]);
        server.change("POST", "/api/v1/extensions/com.acme.limiter/disable", TestServer.ADMIN, null, new byte[0]);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private JsonNode commands(String query) throws Exception {
        HttpResponse<String> response = server.get("/api/v1/commands" + query, TestServer.AUDITOR);
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body()).path("commands");
    }

    @Test
    void listedNewestFirst() throws Exception {
        JsonNode all = commands("");
        assertEquals(3, all.size());
        assertEquals("extension.disable", all.get(0).path("type").asText());
        assertEquals("extension.install", all.get(2).path("type").asText());
    }

    @Test
    void filteredByStateAndLimited() throws Exception {
        JsonNode aborted = commands("?state=aborted");
        assertEquals(1, aborted.size(), "enabling an enabled extension is a conflict");
        assertEquals("com.acme.limiter is already enabled", aborted.get(0).path("reason").asText());
        assertEquals(1, commands("?limit=1").size());
        assertEquals(400, server.get("/api/v1/commands?state=maybe", TestServer.AUDITOR).statusCode());
        assertEquals(400, server.get("/api/v1/commands?limit=0", TestServer.AUDITOR).statusCode());
    }

    @Test
    void shownById() throws Exception {
        String id = commands("").get(0).path("id").asText();
        JsonNode command = Json.MAPPER.readTree(server.get("/api/v1/commands/" + id, TestServer.SECURITY_OFFICER).body()).path("command");
        assertEquals("Disable extension [com.acme.limiter]", command.path("canonicalForm").asText());
        assertEquals("admin-user", command.path("submitter").asText());
        assertEquals(404, server.get("/api/v1/commands/nope", TestServer.AUDITOR).statusCode());
    }

    @Test
    void theRestApiCancelsButNeverConfirms() throws Exception {
        HttpResponse<String> submitted = server.send("POST", "/api/v1/extensions/com.acme.limiter/enable", TestServer.ADMIN, null, new byte[0]);
        String id = Json.MAPPER.readTree(submitted.body()).path("command").path("id").asText();
        for (String path : new String[] {"/confirm", "/answer", "/approve"}) {
            HttpResponse<String> r = server.send("POST", "/api/v1/commands/" + id + path, TestServer.EVERYONE, null, new byte[0]);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
        }
        assertEquals(403, server.send("POST", "/api/v1/commands/" + id + "/cancel", TestServer.AUDITOR, null, new byte[0]).statusCode(),
                "the auditor changes nothing");
        HttpResponse<String> officer = server.send("POST", "/api/v1/commands/" + id + "/cancel", TestServer.SECURITY_OFFICER, null, new byte[0]);
        assertEquals(403, officer.statusCode(), "neither the submitter nor one who may confirm an extension command: " + officer.body());
        assertEquals("awaiting_confirmation", server.commands().get(id).orElseThrow().state().wireName());
        HttpResponse<String> cancelled = server.send("POST", "/api/v1/commands/" + id + "/cancel", TestServer.ADMIN, null, new byte[0]);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("cancelled", Json.MAPPER.readTree(cancelled.body()).path("command").path("state").asText());
        assertEquals(409, server.send("POST", "/api/v1/commands/" + id + "/cancel", TestServer.ADMIN, null, new byte[0]).statusCode(),
                "only before confirmation");
        assertEquals(404, server.send("POST", "/api/v1/commands/nope/cancel", TestServer.ADMIN, null, new byte[0]).statusCode());
    }

    @Test
    void keptAcrossARestart() throws Exception {
        server.close();
        server = TestServer.start(folder.resolve("home"), Map.of());
        assertEquals(3, commands("").size());
    }
}
