package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.gatehouse.dataplane.DataPlane;

/**
 * {@code /api/v1/health}: {@code up} when every platform service the API calls is running and
 * the data plane has its listeners bound, {@code degraded} otherwise (still 200: the management
 * plane itself answers). And {@code /api/v1/openapi}: the OpenAPI 3 document of this API.
 */
final class HealthRoutes {
    static final String OPENAPI_RESOURCE = "/org/gatehouse/management/openapi.json";

    private final ElementServices services;
    private final byte[] openApi;

    HealthRoutes(ElementServices services) {
        this.services = services;
        this.openApi = readOpenApi();
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", ApiRoutes.PREFIX + "/health", Access.EVERY_ROLE, BodyLimit.NONE, this::health),
                new Route("GET", ApiRoutes.PREFIX + "/openapi", Access.EVERY_ROLE, BodyLimit.NONE,
                        request -> new ApiResponse(200, ApiResponse.JSON, openApi, Map.of())));
    }

    private ApiResponse health(ApiRequest request) {
        ObjectNode body = Json.object();
        ObjectNode components = Json.object();
        components.put("extensionManager", state(services.extensionManager().isPresent()));
        components.put("flowEngine", state(services.flowService().isPresent()));
        components.put("policyEngine", state(services.policyService().isPresent()));
        components.put("dataPlane", state(services.dataPlane().isPresent()));
        boolean allUp = services.extensionManager().isPresent() && services.flowService().isPresent()
                && services.policyService().isPresent() && services.dataPlane().isPresent();
        body.put("status", allUp ? "up" : "degraded");
        body.set("components", components);
        services.dataPlane().ifPresent(plane -> body.set("dataPlane", dataPlane(plane)));
        return ApiResponse.ok(body);
    }

    private static String state(boolean present) {
        return present ? "up" : "down";
    }

    private static ObjectNode dataPlane(DataPlane plane) {
        ObjectNode node = Json.object();
        node.put("element", plane.elementName());
        node.put("generation", plane.generation());
        ObjectNode listeners = node.putObject("listeners");
        plane.boundAddresses().forEach((name, address) ->
                listeners.put(name, address.getAddress().getHostAddress() + ":" + address.getPort()));
        return node;
    }

    private static byte[] readOpenApi() {
        try (InputStream in = HealthRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the bundle: " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
