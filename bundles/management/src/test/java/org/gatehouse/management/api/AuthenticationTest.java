package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Bearer-token authentication over real HTTP: missing, malformed and wrong credentials, and a changed users file. */
class AuthenticationTest extends RunningServerFixture {
    private static JsonNode error(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body()).path("error");
    }

    @Test
    void noCredentialsIs401WithABearerChallenge() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/health", null);
        assertEquals(401, response.statusCode());
        assertEquals(Optional.of("Bearer realm=\"gatehouse-management\""), response.headers().firstValue("WWW-Authenticate"));
        assertEquals("unauthorized", error(response).path("code").asText());
        assertEquals("authentication required: a bearer token or a client certificate", error(response).path("message").asText());
    }

    @Test
    void aWrongTokenIs401InvalidToken() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/health", "admin-token-but-wrong");
        assertEquals(401, response.statusCode());
        assertEquals(Optional.of("Bearer realm=\"gatehouse-management\", error=\"invalid_token\""),
                response.headers().firstValue("WWW-Authenticate"));
        assertEquals("the bearer token is not valid", error(response).path("message").asText());
    }

    @Test
    void anotherSchemeIs401InvalidRequest() throws Exception {
        HttpRequest request = server.request("/api/v1/health", null).header("Authorization", "Basic YWRtaW46YWRtaW4=").GET().build();
        HttpResponse<String> response = server.send(request);
        assertEquals(401, response.statusCode());
        assertEquals(Optional.of("Bearer realm=\"gatehouse-management\", error=\"invalid_request\""),
                response.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    void theRightTokenIsLetIn() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/health", TestServer.OPERATOR);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("up", Json.MAPPER.readTree(response.body()).path("status").asText());
    }

    @Test
    void anUnauthenticatedUploadIsRefusedBeforeItsBodyIsStored() throws Exception {
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", null, "application/java-archive", new byte[200_000]);
        assertEquals(401, response.statusCode());
        try (var files = Files.list(server.uploadFolder())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aChangedUsersFileTakesEffectWithoutRestart() throws Exception {
        Path users = server.home().resolve("conf/management-users.xml");
        String xml = "<management-users xmlns=\"urn:gatehouse:management-users:1\"><user name=\"newcomer\"><role>operator</role>"
                + "<token sha256=\"" + ManagementUsers.tokenDigestHex("fresh-token") + "\"/></user></management-users>";
        Files.writeString(users, xml, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(200, server.get("/api/v1/health", "fresh-token").statusCode());
        assertEquals(401, server.get("/api/v1/health", TestServer.OPERATOR).statusCode(), "the old users are gone");

        Files.writeString(users, "<management-users xmlns=\"urn:gatehouse:management-users:1\"><user/></management-users>");
        Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(10)));
        assertEquals(200, server.get("/api/v1/health", "fresh-token").statusCode(), "an invalid file leaves the users as they were");
    }
}
