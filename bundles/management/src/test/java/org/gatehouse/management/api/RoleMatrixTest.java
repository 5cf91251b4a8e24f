package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server knows, called over real HTTP by a user of each role (in-memory services
 * of the tests behind it): a role outside the route's set gets 403 in the one error shape; a role
 * inside it gets past authorization. Also the role matrix itself, as the README states it.
 */
class RoleMatrixTest {
    @TempDir
    static Path folder;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(folder.resolve("home"), Map.of());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static String token(Role role) {
        return role.wireName() + "-token";
    }

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryRole() throws java.io.IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : ApiRoutes.router(server.services, server.commands(), org.gatehouse.management.command.ModificationCounts.open(server.dataDir()),
                server.desk(), new org.gatehouse.management.auth.AccessRefusals(), server.users()).routes()) {
            for (Role role : Role.values()) {
                // a route without roles (the probes) is open to everybody, so to every role
                boolean allowed = route.roles().isEmpty() || route.roles().contains(role);
                tests.add(DynamicTest.dynamicTest(route.method() + " " + route.template() + " as " + role.wireName()
                        + (allowed ? " allowed" : " denied"), () -> {
                    HttpResponse<String> response = call(route, token(role));
                    if (allowed) {
                        assertNotEquals(403, response.statusCode(), response.body());
                        assertNotEquals(401, response.statusCode(), response.body());
                    } else {
                        assertEquals(403, response.statusCode(), response.body());
                        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
                        assertEquals("forbidden", error.path("code").asText());
                        assertTrue(error.path("message").asText().startsWith("user " + role.wireName() + "-user may not "),
                                error.path("message").asText());
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static HttpResponse<String> call(Route route, String token) throws Exception {
        String path = route.template().replace("{name}", "com.acme.limiter").replace("{id}", "no-such-command").replace("{token}", "ci")
                .replace("{sha256}", "0".repeat(64));
        if (route.method().equals("GET")) {
            return server.get(path, token);
        }
        byte[] body = route.bodyLimit() == BodyLimit.NONE ? new byte[0] : "<x/>".getBytes();
        return server.send(route.method(), path, token, route.bodyLimit() == BodyLimit.NONE ? null : "application/xml", body);
    }

    @Test
    void theMatrixAsDocumented() throws java.io.IOException {
        Router router = ApiRoutes.router(server.services, server.commands(), org.gatehouse.management.command.ModificationCounts.open(server.dataDir()),
                server.desk(), new org.gatehouse.management.auth.AccessRefusals(), server.users());
        assertEquals(List.of(Role.ADMIN), rolesOf(router, "POST", "/api/v1/extensions"));
        assertEquals(List.of(Role.SECURITY_OFFICER), rolesOf(router, "PUT", "/api/v1/extensions/{name}/policy"));
        assertEquals(List.of(Role.SECURITY_OFFICER), rolesOf(router, "POST", "/api/v1/policies/preview"));
        assertEquals(List.of(Role.SECURITY_OFFICER, Role.AUDITOR), rolesOf(router, "GET", "/api/v1/users"));
        for (String change : List.of("POST /api/v1/users", "DELETE /api/v1/users/{name}", "PUT /api/v1/users/{name}/roles",
                "POST /api/v1/users/{name}/tokens", "DELETE /api/v1/users/{name}/tokens/{token}")) {
            assertEquals(List.of(Role.SECURITY_OFFICER), rolesOf(router, change.split(" ")[0], change.split(" ")[1]), change);
        }
        assertEquals(List.of(Role.ADMIN, Role.SECURITY_OFFICER, Role.AUDITOR), rolesOf(router, "GET", "/api/v1/commands"));
        assertEquals(List.of(Role.ADMIN, Role.SECURITY_OFFICER, Role.AUDITOR), rolesOf(router, "GET", "/api/v1/policies"));
        assertEquals(List.of(Role.values()), rolesOf(router, "GET", "/api/v1/health"));
        assertEquals(List.of(Role.values()), rolesOf(router, "GET", "/api/v1/flows"));
        assertEquals(List.of(Role.OPERATOR, Role.ADMIN, Role.AUDITOR), rolesOf(router, "GET", "/metrics"));
        for (String audit : List.of("", "/head", "/proof/inclusion", "/proof/consistency", "/key")) {
            assertEquals(List.of(Role.SECURITY_OFFICER, Role.AUDITOR), rolesOf(router, "GET", "/api/v1/audit" + audit));
        }
        assertEquals(List.of("GET /healthz", "GET /readyz"), router.routes().stream().filter(r -> r.roles().isEmpty())
                .map(r -> r.method() + " " + r.template()).sorted().toList(), "the only routes served unauthenticated");
        for (Route route : router.routes()) {
            if (!route.method().equals("GET")) {
                assertTrue(!route.roles().contains(Role.AUDITOR) && !route.roles().contains(Role.OPERATOR),
                        "auditors and operators change nothing: " + route.method() + " " + route.template());
            }
        }
    }

    private static List<Role> rolesOf(Router router, String method, String template) {
        return router.routes().stream().filter(r -> r.method().equals(method) && r.template().equals(template))
                .findFirst().orElseThrow().roles().stream().sorted().toList();
    }
}
