package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Flows, message types, policies and health over real HTTP. The flow service is the tests'
 * in-memory one; the policy service runs the control module's real parser, merger and snapshot
 * (the OSGi services are wired end to end in itest/).
 */
class FlowAndPolicyRoutesTest extends RunningServerFixture {
    private static final String FLOWS = "<flows xmlns=\"urn:gatehouse:flows:1\"><flow name=\"login\"/><flow name=\"api\"/></flows>";
    private static final String POLICY = """
            <extension-policy xmlns="urn:gatehouse:extension-policy:1">
              <permission type="socket" name="127.0.0.1:6379" actions="connect"/>
              <permission type="runtime" name="exitVM"/>
            </extension-policy>""";

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> xml(String method, String path, String token, String body) throws Exception {
        return server.send(method, path, token, "application/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flowsShowTheDocumentInForceAndTheBladelets() throws Exception {
        JsonNode body = json(server.get("/api/v1/flows", TestServer.OPERATOR));
        assertEquals(1, body.path("flows").path("generation").asLong());
        assertEquals("pass", body.path("flows").path("flows").get(0).path("name").asText());
        assertEquals("forward", body.path("bladelets").get(0).path("name").asText());
    }

    @Test
    void flowsShowTheDocumentWithSecretValuesWithheld() throws Exception {
        server.services.flows.replace("flows.xml", ("<flows xmlns=\"urn:gatehouse:flows:1\"><flow name=\"f\"><step bladelet=\"b\">"
                + "<param name=\"password\" value=\"hunter2\"/></step></flow></flows>").getBytes(StandardCharsets.UTF_8));

        String document = json(server.get("/api/v1/flows", TestServer.OPERATOR)).path("flows").path("document").asText();

        assertFalse(document.contains("hunter2"), document);
        assertTrue(document.contains("name=\"password\" value=\"(withheld)\""), document);
    }

    @Test
    void replacingFlowsIsACommandNamingTheDocumentsHash() throws Exception {
        HttpResponse<String> response = xml("PUT", "/api/v1/flows", TestServer.ADMIN, FLOWS);
        assertEquals(202, response.statusCode(), response.body());
        JsonNode command = json(response).path("command");
        assertEquals("Replace the flows document [flows]\n  document.sha256: " + Upload.sha256(FLOWS.getBytes(StandardCharsets.UTF_8))
                + "\n  document.size: " + FLOWS.length(), command.path("canonicalForm").asText());
        String rendering = command.path("rendering").asText();
        assertTrue(rendering.contains("  replace the flows document in force (generation 1)\n"), rendering);
        assertTrue(rendering.contains("  - message type pass-type: flow pass\n"), rendering);
        assertTrue(rendering.contains("  + flow "), rendering);
        assertTrue(rendering.contains("  flows at modification 1\n"), rendering);
        assertEquals(1, json(server.get("/api/v1/flows", TestServer.OPERATOR)).path("flows").path("generation").asLong(), "not yet");
        org.gatehouse.management.command.Command done = server.confirm(response, "admin-user");
        assertEquals(java.util.Optional.of("flows generation 2 in force: 2 message types, 2 flows"), done.result());
        assertEquals(2, json(server.get("/api/v1/message-types", TestServer.OPERATOR)).path("messageTypes").size());
        assertEquals(java.util.Optional.of("\"2\""), server.get("/api/v1/flows", TestServer.OPERATOR).headers().firstValue("ETag"));
    }

    @Test
    void aDocumentInAnotherMediaTypeIs415BeforeAnythingIsRecorded() throws Exception {
        int commands = json(server.get("/api/v1/commands", TestServer.ADMIN)).path("commands").size();
        byte[] document = FLOWS.getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/json", "application/x-www-form-urlencoded", null}) {
            HttpResponse<String> response = server.send("PUT", "/api/v1/flows", TestServer.ADMIN, type, document);
            assertEquals(415, response.statusCode(), type + ": " + response.body());
            JsonNode error = json(response).path("error");
            assertEquals(415, error.path("status").asInt());
            assertEquals("unsupported_media_type", error.path("code").asText());
            assertEquals((type == null ? "a request without Content-Type" : "Content-Type " + type) + " is not accepted by PUT "
                    + "/api/v1/flows; send one of [application/xml, text/xml]", error.path("message").asText());
        }
        assertEquals(415, server.send("POST", "/api/v1/policies/preview?symbolic-name=x&version=1", TestServer.SECURITY_OFFICER,
                "text/plain", POLICY.getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(1, json(server.get("/api/v1/flows", TestServer.OPERATOR)).path("flows").path("generation").asLong(), "unchanged");
        assertEquals(commands, json(server.get("/api/v1/commands", TestServer.ADMIN)).path("commands").size(), "no command recorded");
        assertEquals(202, server.send("PUT", "/api/v1/flows", TestServer.ADMIN, "application/xml; charset=utf-8", document).statusCode());
    }

    @Test
    void flowsThatCannotBeResolvedAre422WithEachError() throws Exception {
        HttpResponse<String> response = xml("PUT", "/api/v1/flows", TestServer.ADMIN, "<flows><step>missing-bladelet</step></flows>");
        assertEquals(422, response.statusCode());
        JsonNode error = json(response).path("error");
        assertEquals("invalid_flows", error.path("code").asText());
        assertEquals("/flows/flow[1]/step[1]: no bladelet missing-bladelet", error.path("details").get(0).asText());
        assertFalse(error.path("command").asText().isEmpty());
        assertEquals(1, json(server.get("/api/v1/flows", TestServer.OPERATOR)).path("flows").path("generation").asLong(), "nothing changed");
    }

    @Test
    void aMalformedFlowsDocumentIs400NamingThePosition() throws Exception {
        HttpResponse<String> response = xml("PUT", "/api/v1/flows", TestServer.ADMIN, "not xml");
        assertEquals(400, response.statusCode());
        assertEquals("invalid_document", json(response).path("error").path("code").asText());
        assertTrue(json(response).path("error").path("message").asText().startsWith("flows.xml [1:1]"), response.body());
    }

    @Test
    void validateReportsErrorsAndChangesNothing() throws Exception {
        JsonNode good = json(xml("POST", "/api/v1/flows/validate", TestServer.ADMIN, FLOWS));
        assertTrue(good.path("valid").asBoolean());
        JsonNode bad = json(xml("POST", "/api/v1/flows/validate", TestServer.ADMIN, "<flows>missing-bladelet</flows>"));
        assertFalse(bad.path("valid").asBoolean());
        assertEquals("flows.xml /flows/flow[1]/step[1]: no bladelet missing-bladelet", bad.path("errors").get(0).asText());
        assertTrue(server.commands().list().isEmpty(), "validation is not a change");
    }

    @Test
    void messageTypeShowsItsFlowsSteps() throws Exception {
        JsonNode type = json(server.get("/api/v1/message-types/pass-type", TestServer.OPERATOR)).path("messageType");
        assertEquals("pass", type.path("flow").asText());
        assertEquals("extract-credentials", type.path("steps").get(0).asText());
        assertEquals(404, server.get("/api/v1/message-types/none", TestServer.OPERATOR).statusCode());
    }

    @Test
    void effectivePolicyShowsSystemPolicyAndEachMerge() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/policies", TestServer.AUDITOR);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode policy = json(response).path("policy");
        assertEquals(3, policy.path("generation").asLong());
        assertEquals("runtime exitVM", policy.path("system").path("restrictions").get(0).path("permission").asText());
        JsonNode limiter = policy.path("extensions").get(0);
        assertEquals("ext:com.acme.limiter/1.0.0", limiter.path("codebase").asText());
        assertEquals("socket 127.0.0.1:6379 connect,resolve", limiter.path("granted").get(0).path("permission").asText());
        assertTrue(limiter.path("rejected").toString().contains("runtime exitVM"), limiter.toString());
    }

    @Test
    void policyPreviewMergesAgainstTheSystemPolicyInstallingNothing() throws Exception {
        HttpResponse<String> response = xml("POST", "/api/v1/policies/preview?symbolic-name=com.acme.cache&version=1.2.0",
                TestServer.SECURITY_OFFICER, POLICY);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode preview = json(response).path("preview");
        assertEquals("ext:com.acme.cache/1.2.0", preview.path("codebase").asText());
        assertEquals("gatehouse:extension:com.acme.cache@1.2.0", preview.path("location").asText());
        assertEquals("socket 127.0.0.1:6379 connect", preview.path("granted").get(0).path("permission").asText());
        assertEquals("runtime exitVM", preview.path("rejected").get(0).path("permission").asText());
        assertEquals("ext:com.acme.cache/1.2.0 socket 127.0.0.1:6379 connect", preview.path("change").path("granted").get(0).asText());
        assertTrue(server.commands().list().isEmpty(), "a preview is not a change");
    }

    @Test
    void policyPreviewNeedsACodebase() throws Exception {
        HttpResponse<String> noName = xml("POST", "/api/v1/policies/preview", TestServer.SECURITY_OFFICER, POLICY);
        assertEquals(400, noName.statusCode());
        assertEquals("query parameter 'symbolic-name' is required", json(noName).path("error").path("message").asText());
        HttpResponse<String> noVersion = xml("POST", "/api/v1/policies/preview?symbolic-name=x.y", TestServer.SECURITY_OFFICER, POLICY);
        assertEquals("query parameter 'version' is required: no extension x.y is installed", json(noVersion).path("error").path("message").asText());
        HttpResponse<String> invalid = xml("POST", "/api/v1/policies/preview?symbolic-name=x.y&version=1", TestServer.SECURITY_OFFICER,
                "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\"><bogus/></extension-policy>");
        assertEquals(400, invalid.statusCode());
        assertEquals("invalid_document", json(invalid).path("error").path("code").asText());
    }

    @Test
    void healthNamesEachComponentAndTheDataPlanesListeners() throws Exception {
        JsonNode health = json(server.get("/api/v1/health", TestServer.OPERATOR));
        assertEquals("up", health.path("status").asText());
        assertEquals("127.0.0.1:8080", health.path("dataPlane").path("listeners").path("public").asText());
        server.services.stopFlowEngine();
        JsonNode degraded = json(server.get("/api/v1/health", TestServer.OPERATOR));
        assertEquals("degraded", degraded.path("status").asText());
        assertEquals("down", degraded.path("components").path("flowEngine").asText());
    }
}
