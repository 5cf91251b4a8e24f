package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.testing.SwitchableServices;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.management.command.CommandBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi.json} and the router agree: every route the server knows is documented with
 * the same roles ({@code x-roles}), and every documented operation is a route. And the document
 * is what {@code GET /api/v1/openapi} serves.
 */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @TempDir
    Path folder;

    private static JsonNode document() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(HealthRoutes.OPENAPI_RESOURCE)) {
            return Json.MAPPER.readTree(in);
        }
    }

    @Test
    void everyRouteIsDocumentedWithItsRolesAndViceVersa() throws Exception {
        Map<String, Set<String>> documented = new TreeMap<>();
        JsonNode paths = document().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    Set<String> roles = new TreeSet<>();
                    op.getValue().path("x-roles").forEach(r -> roles.add(r.asText()));
                    documented.put(op.getKey().toUpperCase() + " " + path.getKey(), roles);
                }
            }
        }
        Map<String, Set<String>> served = new TreeMap<>();
        try (CommandBook book = org.gatehouse.management.command.Books.open(folder, java.time.Clock.systemUTC(),
                new org.gatehouse.management.command.Books.Recording())) {
            for (Route route : ApiRoutes.router(new SwitchableServices(), book, org.gatehouse.management.command.ModificationCounts.open(folder),
                    null, new org.gatehouse.management.auth.AccessRefusals(),
                    new org.gatehouse.management.auth.UsersFile(folder.resolve("management-users.xml"))).routes()) {
                served.put(route.method() + " " + route.template(),
                        route.roles().stream().map(Role::wireName).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        assertEquals(served, documented);
    }

    @Test
    void everyCommandTypeIsDocumented() throws Exception {
        Set<String> documented = new TreeSet<>();
        document().path("components").path("schemas").path("Command").path("properties").path("type").path("enum")
                .forEach(t -> documented.add(t.asText()));
        Set<String> types = java.util.Arrays.stream(org.gatehouse.management.command.CommandType.values())
                .map(org.gatehouse.management.command.CommandType::wireName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(types, documented);
    }

    @Test
    void theServerServesTheDocument() throws Exception {
        try (TestServer server = TestServer.start(folder.resolve("home"), Map.of())) {
            HttpResponse<String> response = server.get("/api/v1/openapi", TestServer.AUDITOR);
            assertEquals(200, response.statusCode());
            assertEquals(document(), Json.MAPPER.readTree(response.body()));
            assertEquals("3.1.0", document().path("openapi").asText());
        }
    }
}
