package org.gatehouse.management.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthz} (liveness) and {@code GET /readyz} (readiness) for a load balancer or an
 * orchestrator (docs/management.md "Probes"). The only routes served without authentication, so
 * they say nothing an anonymous caller could use: no version, no element or listener name, no
 * count, no address. {@code /healthz} is 200 {@code ok} whenever the management listener answers.
 * {@code /readyz} is 200 {@code ready} when the data plane has its listeners bound and the flow
 * engine, the policy engine and the extension manager run, else 503 {@code not ready:} followed by
 * one fixed word per missing part ({@code data-plane}, {@code flow-engine}, {@code policy-engine},
 * {@code extension-manager}), words that are the same on every element.
 */
final class ProbeRoutes {
    static final String LIVENESS = "/healthz";
    static final String READINESS = "/readyz";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ElementServices services;

    ProbeRoutes(ElementServices services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", LIVENESS, Access.UNAUTHENTICATED, BodyLimit.NONE, request -> text(200, "ok")),
                new Route("GET", READINESS, Access.UNAUTHENTICATED, BodyLimit.NONE, request -> readiness()));
    }

    private ApiResponse readiness() {
        List<String> missing = new ArrayList<>();
        if (services.dataPlane().map(plane -> plane.boundAddresses().isEmpty()).orElse(true)) {
            missing.add("data-plane");
        }
        if (services.flowService().isEmpty()) {
            missing.add("flow-engine");
        }
        if (services.policyService().isEmpty()) {
            missing.add("policy-engine");
        }
        if (services.extensionManager().isEmpty()) {
            missing.add("extension-manager");
        }
        return missing.isEmpty() ? text(200, "ready") : text(503, "not ready: " + String.join(" ", missing));
    }

    private static ApiResponse text(int status, String line) {
        return new ApiResponse(status, TEXT, (line + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
