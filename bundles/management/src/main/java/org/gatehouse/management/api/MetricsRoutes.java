package org.gatehouse.management.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.management.auth.AccessAudit;
import org.gatehouse.management.auth.AccessRefusals;
import org.gatehouse.management.metrics.ElementMetrics;
import org.gatehouse.management.metrics.JvmMetrics;
import org.gatehouse.management.metrics.PrometheusText;

/**
 * {@code GET /metrics}: the element's metrics in the Prometheus text format 0.0.4 (docs/management.md "Metrics"), for
 * operators, admins and auditors. Outside {@code /api/v1} because scrapers expect this path; the
 * same authentication as every route (a scraper sends a bearer token or a client certificate).
 * The families of a service that is not running are left out, and {@code gatehouse_component_up}
 * says which.
 */
final class MetricsRoutes {
    static final String PATH = "/metrics";

    private final ElementServices services;
    private final AccessRefusals refusals;

    MetricsRoutes(ElementServices services, AccessRefusals refusals) {
        this.services = services;
        this.refusals = refusals;
    }

    List<Route> routes() {
        return List.of(new Route("GET", PATH, Access.METRICS, BodyLimit.NONE, request -> scrape()));
    }

    private ApiResponse scrape() {
        PrometheusText text = new PrometheusText();
        Map<String, Boolean> running = new LinkedHashMap<>();
        running.put("extension_manager", services.extensionManager().isPresent());
        running.put("flow_engine", services.flowService().isPresent());
        running.put("policy_engine", services.policyService().isPresent());
        running.put("data_plane", services.dataPlane().isPresent());
        running.put("audit_log", services.auditLog().isPresent());
        ElementMetrics.components(text, running);
        services.policyService().ifPresent(policies -> ElementMetrics.policy(text, policies));
        services.extensionManager().ifPresent(manager -> ElementMetrics.loadAlerts(text, manager.loadAlerts()));
        services.flowService().ifPresent(flows -> ElementMetrics.flows(text, flows));
        services.dataPlane().ifPresent(plane -> ElementMetrics.dataPlane(text, plane));
        ElementMetrics.refusals(text, refusals.counts());
        ElementMetrics.audit(text, services.auditLog(), refusals.audit().map(AccessAudit::failures).orElse(Map.of()));
        JvmMetrics.write(text);
        return new ApiResponse(200, PrometheusText.CONTENT_TYPE, text.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
