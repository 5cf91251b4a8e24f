package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.confirm.ConfirmationDesk;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The management users changed over the API (docs/management.md "Users"), on the real server:
 * every change is a command that changes nothing until a security officer confirms it; a
 * cancelled or expired one never does; the rendering names the user, the roles before and after,
 * the token's name and SHA-256, never a token.
 */
class UserRoutesTest extends RunningServerFixture {
    private static final String OFFICER = "security-officer-user";
    private static final String NEW_TOKEN = "a-new-token-for-the-operator-5d1c";

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        return server.send(method, path, token, null, new byte[0]);
    }

    private static String rendering(HttpResponse<String> submitted) throws IOException {
        assertEquals(202, submitted.statusCode(), submitted.body());
        return json(submitted).path("command").path("rendering").asText();
    }

    private JsonNode user(String name) throws Exception {
        for (JsonNode u : json(server.get("/api/v1/users", TestServer.AUDITOR)).path("users")) {
            if (u.path("name").asText().equals(name)) {
                return u;
            }
        }
        return null;
    }

    private String issue(String user, String tokenName, String token) throws Exception {
        return "/api/v1/users/" + user + "/tokens?name=" + tokenName + "&sha256=" + ManagementUsers.tokenDigestHex(token);
    }

    @Test
    void aUserAddedIsInForceOnlyOnceASecurityOfficerConfirms() throws Exception {
        HttpResponse<String> submitted = send("POST", "/api/v1/users?name=carol&roles=admin,auditor", TestServer.SECURITY_OFFICER);
        String rendering = rendering(submitted);
        assertTrue(rendering.contains("Add the management user [carol]\n  roles: admin,auditor\n"), rendering);
        assertTrue(rendering.contains("  add the management user carol with roles [admin, auditor]\n"), rendering);
        assertTrue(rendering.contains("  users at modification 1\n"), rendering);
        assertEquals(null, user("carol"), "not in force before it is confirmed");
        assertFalse(Files.readString(server.home().resolve("conf/management-users.xml")).contains("carol"));

        Command done = server.confirm(submitted, OFFICER);
        assertEquals(CommandState.DONE, done.state(), done.toString());
        assertEquals("[\"admin\",\"auditor\"]", user("carol").path("roles").toString());
        assertTrue(Files.readString(server.home().resolve("conf/management-users.xml")).contains("<user name=\"carol\">"));
        assertEquals(Optional.of("\"2\""), server.get("/api/v1/users", TestServer.AUDITOR).headers().firstValue("ETag"));
    }

    @Test
    void aTokenAuthenticatesOnlyOnceItsIssueIsConfirmedAndNoLongerOnceItsRevocationIs() throws Exception {
        HttpResponse<String> submitted = send("POST", issue("operator-user", "ci", NEW_TOKEN), TestServer.SECURITY_OFFICER);
        String rendering = rendering(submitted);
        assertTrue(rendering.contains("  issue the bearer token ci to the management user operator-user (roles [operator]): "
                + "a request bearing it acts as operator-user\n"), rendering);
        assertTrue(rendering.contains("token SHA-256 " + ManagementUsers.tokenDigestHex(NEW_TOKEN)), rendering);
        assertFalse(rendering.contains(NEW_TOKEN), "the token itself is never shown: it was never sent");
        assertEquals(401, server.get("/api/v1/health", NEW_TOKEN).statusCode(), "denied before the confirmation");

        server.confirm(submitted, OFFICER);
        assertEquals(200, server.get("/api/v1/health", NEW_TOKEN).statusCode(), "allowed once confirmed");
        assertEquals("[\"\",\"ci\"]", user("operator-user").path("tokens").toString());
        assertFalse(server.get("/api/v1/users", TestServer.AUDITOR).body().contains(ManagementUsers.tokenDigestHex(NEW_TOKEN)),
                "the list names tokens, never their digests");

        HttpResponse<String> revoke = send("DELETE", "/api/v1/users/operator-user/tokens/ci", TestServer.SECURITY_OFFICER);
        assertTrue(rendering(revoke).contains("  revoke the bearer token ci of the management user operator-user (SHA-256 "
                + ManagementUsers.tokenDigestHex(NEW_TOKEN) + "): a request bearing it is refused from then on\n"), rendering(revoke));
        assertEquals(200, server.get("/api/v1/health", NEW_TOKEN).statusCode(), "still in force until the revocation is confirmed");
        server.confirm(revoke, OFFICER);
        assertEquals(401, server.get("/api/v1/health", NEW_TOKEN).statusCode(), "refused once the revocation is confirmed");
        assertEquals(200, server.get("/api/v1/health", TestServer.OPERATOR).statusCode(), "the user's other token stays");
    }

    @Test
    void rolesReplacedShowBeforeAndAfterAndTakeEffectOnceConfirmed() throws Exception {
        assertEquals(403, server.get("/api/v1/audit", TestServer.ADMIN).statusCode());
        HttpResponse<String> submitted = send("PUT", "/api/v1/users/admin-user/roles?roles=auditor,admin", TestServer.SECURITY_OFFICER);
        String rendering = rendering(submitted);
        assertTrue(rendering.contains("  roles of the management user admin-user: [admin]  become  [admin, auditor]\n    + auditor\n"),
                rendering);
        assertEquals(403, server.get("/api/v1/audit", TestServer.ADMIN).statusCode(), "not before the confirmation");
        server.confirm(submitted, OFFICER);
        assertEquals(200, server.get("/api/v1/audit", TestServer.ADMIN).statusCode(), "once confirmed");
    }

    @Test
    void onlyASecurityOfficerSubmitsAndConfirms() throws Exception {
        assertEquals(403, send("POST", "/api/v1/users?name=mallory&roles=security-officer", TestServer.ADMIN).statusCode());
        assertEquals(403, send("PUT", "/api/v1/users/admin-user/roles?roles=security-officer", TestServer.ADMIN).statusCode(),
                "an admin cannot make itself a security officer");
        assertEquals(403, send("POST", issue("security-officer-user", "mine", NEW_TOKEN), TestServer.ADMIN).statusCode(),
                "nor give itself an officer's token");
        HttpResponse<String> submitted = send("PUT", "/api/v1/users/admin-user/roles?roles=admin,security-officer",
                TestServer.SECURITY_OFFICER);
        String id = json(submitted).path("command").path("id").asText();
        ConfirmationDesk.ConfirmationRefused refused = assertThrows(ConfirmationDesk.ConfirmationRefused.class,
                () -> server.confirm(id, "admin-user"));
        assertEquals("not_allowed", refused.code(), refused.getMessage());
        assertFalse(user("admin-user").path("roles").toString().contains("security-officer"), "nothing changed");
    }

    @Test
    void aCancelledChangeChangesNothing() throws Exception {
        HttpResponse<String> submitted = send("DELETE", "/api/v1/users/operator-user", TestServer.SECURITY_OFFICER);
        assertTrue(rendering(submitted).contains("  remove the management user operator-user: roles [operator], tokens (unnamed), "
                + "0 certificates, 0 local accounts\n"), rendering(submitted));
        String id = json(submitted).path("command").path("id").asText();
        HttpResponse<String> cancelled = send("POST", "/api/v1/commands/" + id + "/cancel", TestServer.SECURITY_OFFICER);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals(CommandState.CANCELLED, server.commands().get(id).orElseThrow().state());
        assertEquals(200, server.get("/api/v1/health", TestServer.OPERATOR).statusCode(), "the user stays");
        assertThrows(ConfirmationDesk.ConfirmationRefused.class, () -> server.confirm(id, OFFICER), "a cancelled command is not confirmed");
        assertEquals(200, server.get("/api/v1/health", TestServer.OPERATOR).statusCode());
    }

    @Test
    void anExpiredChangeChangesNothing() throws Exception {
        server.close();
        server = TestServer.start(folder.resolve("expiring"), Map.of("gatehouse.commands.expire-after", "1s"));
        HttpResponse<String> submitted = send("DELETE", "/api/v1/users/operator-user", TestServer.SECURITY_OFFICER);
        String id = json(submitted).path("command").path("id").asText();
        List<Command> expired = List.of();
        for (int i = 0; i < 100 && expired.isEmpty(); i++) {
            Thread.sleep(100);
            expired = server.commands().expireDue();
        }
        assertEquals(List.of(id), expired.stream().map(Command::id).toList());
        assertEquals(CommandState.EXPIRED, server.commands().get(id).orElseThrow().state());
        assertThrows(ConfirmationDesk.ConfirmationRefused.class, () -> server.confirm(id, OFFICER));
        assertEquals(200, server.get("/api/v1/health", TestServer.OPERATOR).statusCode(), "the user stays");
    }

    @Test
    void noChangeLeavesTheElementWithoutASecurityOfficer() throws Exception {
        server.confirm(send("DELETE", "/api/v1/users/security-officer-user", TestServer.EVERYONE), "everyone");
        HttpResponse<String> last = send("PUT", "/api/v1/users/everyone/roles?roles=admin", TestServer.EVERYONE);
        assertEquals(409, last.statusCode(), last.body());
        assertTrue(last.body().contains("would leave no security officer"), last.body());
        HttpResponse<String> delete = send("DELETE", "/api/v1/users/everyone", TestServer.EVERYONE);
        assertEquals(409, delete.statusCode(), delete.body());
        assertEquals(200, server.get("/api/v1/audit", TestServer.EVERYONE).statusCode(), "still an officer");
    }

    @Test
    void aChangeIsWorkedOutAgainFromTheUsersInForceWhenItRuns() throws Exception {
        // two changes submitted against the same users: the second confirmed first, so the first's rendering was made on users
        // that moved; it is shown again, and what runs is worked out from the users in force then
        HttpResponse<String> first = send("POST", issue("auditor-user", "ci", NEW_TOKEN), TestServer.SECURITY_OFFICER);
        HttpResponse<String> second = send("POST", issue("admin-user", "ci", NEW_TOKEN), TestServer.SECURITY_OFFICER);
        server.confirm(second, OFFICER);
        String firstId = json(first).path("command").path("id").asText();
        assertThrows(ConfirmationDesk.ConfirmationRefused.class, () -> server.confirm(firstId, OFFICER));
        Command aborted = server.commands().get(firstId).orElseThrow();
        assertEquals(CommandState.ABORTED, aborted.state(), aborted.toString());
        assertTrue(aborted.reason().orElseThrow().contains("a token with this SHA-256 is in force already"), aborted.toString());
        assertEquals("[\"\"]", user("auditor-user").path("tokens").toString());
    }

    @Test
    void badInputIsRefusedNamingWhatAndNoCommandIsRecorded() throws Exception {
        HttpResponse<String> name = send("POST", "/api/v1/users?name=a%22%2F%3E%3Cuser%20name%3D%22x&roles=admin",
                TestServer.SECURITY_OFFICER);
        assertEquals(400, name.statusCode(), name.body());
        assertTrue(name.body().contains("query parameter 'name'"), name.body());
        HttpResponse<String> role = send("POST", "/api/v1/users?name=carol&roles=admin,root", TestServer.SECURITY_OFFICER);
        assertEquals(400, role.statusCode(), role.body());
        assertTrue(role.body().contains("unknown role [root]"), role.body());
        HttpResponse<String> digest = send("POST", "/api/v1/users/admin-user/tokens?name=ci&sha256=" + NEW_TOKEN, TestServer.SECURITY_OFFICER);
        assertEquals(400, digest.statusCode(), digest.body());
        assertFalse(digest.body().contains(NEW_TOKEN), "a token sent by mistake is not repeated: " + digest.body());
        HttpResponse<String> tokenName = send("POST", "/api/v1/users/admin-user/tokens?name=%E2%80%AEci&sha256="
                + ManagementUsers.tokenDigestHex(NEW_TOKEN), TestServer.SECURITY_OFFICER);
        assertEquals(400, tokenName.statusCode(), tokenName.body());
        assertEquals(404, send("DELETE", "/api/v1/users/nobody", TestServer.SECURITY_OFFICER).statusCode());
        assertEquals(404, send("DELETE", "/api/v1/users/admin-user/tokens/nothing", TestServer.SECURITY_OFFICER).statusCode());
        HttpResponse<String> exists = send("POST", "/api/v1/users?name=admin-user&roles=admin", TestServer.SECURITY_OFFICER);
        assertEquals(409, exists.statusCode(), exists.body());
        HttpResponse<String> taken = send("POST", "/api/v1/users/admin-user/tokens?name=ci&sha256="
                + ManagementUsers.tokenDigestHex(TestServer.OPERATOR), TestServer.SECURITY_OFFICER);
        assertEquals(409, taken.statusCode(), "another user's token is never given to a second user: " + taken.body());
        String commands = server.get("/api/v1/commands?state=awaiting_confirmation", TestServer.AUDITOR).body();
        assertFalse(commands.contains("user."), commands);
        assertTrue(new String(Files.readAllBytes(server.home().resolve("conf/management-users.xml")), StandardCharsets.UTF_8)
                .contains("<user name=\"admin-user\"><role>admin</role><token"), "the file is as it was");
    }
}
