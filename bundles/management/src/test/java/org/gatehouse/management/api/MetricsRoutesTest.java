package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.gatehouse.flow.engine.api.ExtensionRunaways;
import org.gatehouse.management.testing.PrometheusScrape;
import org.gatehouse.management.testing.SnapshotPolicyService;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.policy.engine.decision.Decision;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} over real HTTP: the Prometheus text format, read back strictly; every
 * family there; the roles that may scrape; and the policy counters moved by the control module's
 * real {@code PolicyEngine} (denials, swaps). The real flow engine and data plane are behind it in
 * {@link MetricsOverRealComponentsTest}.
 */
class MetricsRoutesTest extends RunningServerFixture {
    private static final String LIMITER = SnapshotPolicyService.LIMITER.id();
    static final List<String> ELEMENT_FAMILIES = List.of("gatehouse_component_up", "gatehouse_policy_generation",
            "gatehouse_policy_swaps_total", "gatehouse_sandbox_denials_total", "gatehouse_extension_audit_dropped_total",
            "gatehouse_extension_load_alerts_total", "gatehouse_extension_alert_webhook_total", "gatehouse_flows_generation",
            "gatehouse_flow_messages_total", "gatehouse_flow_duration_seconds", "gatehouse_extension_steps_total",
            "gatehouse_extension_step_duration_seconds",
            "gatehouse_extension_in_flight", "gatehouse_extension_quarantined", "gatehouse_extension_queue_length",
            "gatehouse_extension_queue_wait_seconds", "gatehouse_extension_queue_refused_total", "gatehouse_extension_queue_expired_total",
            "gatehouse_extension_queue_abandoned_total", "gatehouse_extension_runaways_total",
            "gatehouse_extension_runaway_threads", "gatehouse_extension_runaway_cpu_seconds_total", "gatehouse_dataplane_generation",
            "gatehouse_listener_requests_total", "gatehouse_http_responses_total", "gatehouse_http_response_duration_seconds",
            "gatehouse_upstream_exchanges_total", "gatehouse_upstream_member_healthy",
            "gatehouse_jvm_heap_used_bytes",
            "gatehouse_jvm_heap_committed_bytes", "gatehouse_jvm_threads", "gatehouse_jvm_threads_daemon",
            "gatehouse_jvm_threads_peak", "gatehouse_jvm_gc_collections_total", "gatehouse_jvm_gc_seconds_total",
            "gatehouse_jvm_uptime_seconds", "gatehouse_management_auth_failures_total", "gatehouse_audit_records",
            "gatehouse_audit_failed_appends_total", "gatehouse_management_audit_failures_total");

    private PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = server.get("/metrics", TestServer.OPERATOR);
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusScrape.parse(response.body());
    }

    @Test
    void operatorsAdminsAndAuditorsScrapeTheTextFormat() throws Exception {
        for (String token : List.of(TestServer.OPERATOR, TestServer.ADMIN, TestServer.AUDITOR)) {
            HttpResponse<String> response = server.get("/metrics", token);
            assertEquals(200, response.statusCode(), token + ": " + response.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(null));
            PrometheusScrape.parse(response.body());
        }
    }

    @Test
    void refusedCredentialsAndRolesAreCountedPerReasonAndLoggedWithoutTheToken() throws Exception {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger access = java.util.logging.Logger.getLogger("org.gatehouse.management.access");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        access.addHandler(capture);
        try {
            String guess = "guessed-token-0123456789";
            assertEquals(401, server.get("/api/v1/health", guess).statusCode());
            assertEquals(401, server.get("/api/v1/health", guess + "x").statusCode());
            assertEquals(401, server.get("/api/v1/health", null).statusCode());
            assertEquals(403, server.get("/metrics", TestServer.SECURITY_OFFICER).statusCode());

            PrometheusScrape after = scrape();
            assertEquals(2, after.value("gatehouse_management_auth_failures_total", Map.of("reason", "invalid_token")));
            assertEquals(1, after.value("gatehouse_management_auth_failures_total", Map.of("reason", "no_credentials")));
            assertEquals(1, after.value("gatehouse_management_auth_failures_total", Map.of("reason", "role_refused")));
            assertEquals(0, after.value("gatehouse_management_auth_failures_total", Map.of("reason", "unknown_certificate")));
            assertEquals(1, lines.stream().filter(l -> l.contains("(invalid_token)")).count(), "the second guess is not logged: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.matches("management request refused \\(role_refused\\): /127\\.0\\.0\\.1:\\d+ GET /metrics: "
                    + "user \\S+ may not GET /metrics; it needs one of the roles .*")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("guessed-token")), "no token in the log: " + lines);
        } finally {
            access.removeHandler(capture);
        }
    }

    @Test
    void securityOfficersAndStrangersMayNot() throws Exception {
        HttpResponse<String> officer = server.get("/metrics", TestServer.SECURITY_OFFICER);
        assertEquals(403, officer.statusCode());
        assertEquals("forbidden", Json.MAPPER.readTree(officer.body()).path("error").path("code").asText(), officer.body());
        HttpResponse<String> nobody = server.get("/metrics", null);
        assertEquals(401, nobody.statusCode());
        assertTrue(nobody.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer realm=\"gatehouse-management\""));
        HttpResponse<String> wrong = server.get("/metrics", "not-a-token");
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains("gatehouse_"), "no metric leaks to a refused caller");
    }

    @Test
    void everyFamilyIsThereWithItsType() throws Exception {
        PrometheusScrape scrape = scrape();
        for (String family : ELEMENT_FAMILIES) {
            assertTrue(scrape.family(family).isPresent(), "family " + family + " missing; have " + scrape.families().keySet());
            assertFalse(scrape.family(family).orElseThrow().help().isBlank(), family + " has no help");
        }
        assertEquals("counter", scrape.family("gatehouse_sandbox_denials_total").orElseThrow().type());
        assertEquals("gauge", scrape.family("gatehouse_extension_in_flight").orElseThrow().type());
        assertEquals("summary", scrape.family("gatehouse_flow_duration_seconds").orElseThrow().type());
        assertEquals(0, scrape.value("gatehouse_extension_load_alerts_total", Map.of("outcome", "conditional")));
        assertEquals(0, scrape.value("gatehouse_extension_alert_webhook_total", Map.of("result", "failed")));
        assertTrue(scrape.value("gatehouse_jvm_heap_used_bytes", Map.of()) > 0);
        assertTrue(scrape.value("gatehouse_jvm_threads", Map.of()) >= scrape.value("gatehouse_jvm_threads_daemon", Map.of()));
    }

    @Test
    void valuesAreTheServicesCounters() throws Exception {
        PrometheusScrape scrape = scrape();
        assertEquals(1, scrape.value("gatehouse_component_up", Map.of("component", "flow_engine")));
        assertEquals(7, scrape.value("gatehouse_flow_messages_total", Map.of("message_type", "pass-type")));
        assertEquals(39, scrape.value("gatehouse_extension_steps_total", Map.of("extension", "com.acme.limiter", "outcome", "ok")));
        assertEquals(1, scrape.value("gatehouse_extension_steps_total", Map.of("extension", "com.acme.limiter", "outcome", "failed")));
        assertEquals(0, scrape.value("gatehouse_extension_steps_total", Map.of("extension", "com.acme.limiter", "outcome", "timed_out")));
        assertEquals(2, scrape.value("gatehouse_extension_in_flight", Map.of("extension", "com.acme.limiter")));
        assertEquals(0, scrape.value("gatehouse_extension_quarantined", Map.of("extension", "com.acme.limiter")));
        assertEquals(2, scrape.value("gatehouse_dataplane_generation", Map.of()));
        assertEquals(12, scrape.value("gatehouse_listener_requests_total", Map.of("listener", "public")));
        assertEquals(1, scrape.value("gatehouse_upstream_exchanges_total", Map.of("route", "all", "outcome", "upstream_timeout")));
        assertEquals(1, scrape.value("gatehouse_upstream_member_healthy", Map.of("pool", "web", "member", "127.0.0.1:8081")));
        assertEquals(0, scrape.value("gatehouse_upstream_member_healthy", Map.of("pool", "web", "member", "127.0.0.1:8082")));
    }

    @Test
    void aDenialOfTheRealPolicyEngineIsCountedAndAnAllowedCheckIsNot() throws Exception {
        assertTrue(scrape().family("gatehouse_sandbox_denials_total").orElseThrow().samples().isEmpty());
        Decision denied = server.services.policies.engine()
                .check(SnapshotPolicyService.LIMITER, "com.acme.Limiter", "file", "/etc/passwd", "read");
        assertFalse(denied.allowed());
        assertEquals(1, scrape().value("gatehouse_sandbox_denials_total", Map.of("codebase", LIMITER)));
        Decision allowed = server.services.policies.engine()
                .check(SnapshotPolicyService.LIMITER, "com.acme.Limiter", "socket", "127.0.0.1:6379", "connect");
        assertTrue(allowed.allowed(), allowed.rule());
        server.services.policies.engine().check(SnapshotPolicyService.LIMITER, "com.acme.Limiter", "runtime", "exitVM", "");
        assertEquals(2, scrape().value("gatehouse_sandbox_denials_total", Map.of("codebase", LIMITER)));
    }

    @Test
    void aPolicySwapMovesTheGenerationAndTheSwapCount() throws Exception {
        PrometheusScrape before = scrape();
        assertEquals(SnapshotPolicyService.INITIAL_GENERATION, before.value("gatehouse_policy_generation", Map.of()));
        assertEquals(SnapshotPolicyService.INITIAL_GENERATION, before.value("gatehouse_policy_swaps_total", Map.of()));
        server.services.policies.refresh();
        PrometheusScrape after = scrape();
        assertEquals(SnapshotPolicyService.INITIAL_GENERATION + 1, after.value("gatehouse_policy_generation", Map.of()));
        assertEquals(SnapshotPolicyService.INITIAL_GENERATION + 1, after.value("gatehouse_policy_swaps_total", Map.of()));
    }

    @Test
    void extensionCountersFollowTheFlowEngine() throws Exception {
        server.services.flows.reportExtensions(List.of(new ExtensionHealth("com.acme.limiter", "1.0.0", 0, 50, 3, 4, true,
                Optional.of(Instant.parse("2026-01-01T00:00:00Z")), Optional.of("boom")),
                new ExtensionHealth("org.example.\"quoted\"", "2.0.0", 1, 0, 0, 0, false, Optional.empty(), Optional.empty())));
        PrometheusScrape scrape = scrape();
        assertEquals(43, scrape.value("gatehouse_extension_steps_total", Map.of("extension", "com.acme.limiter", "outcome", "ok")));
        assertEquals(3, scrape.value("gatehouse_extension_steps_total", Map.of("extension", "com.acme.limiter", "outcome", "failed")));
        assertEquals(4, scrape.value("gatehouse_extension_steps_total", Map.of("extension", "com.acme.limiter", "outcome", "timed_out")));
        assertEquals(50, scrape.value("gatehouse_extension_step_duration_seconds_count", Map.of("extension", "com.acme.limiter")));
        assertEquals(0.5, scrape.value("gatehouse_extension_step_duration_seconds_sum", Map.of("extension", "com.acme.limiter")), 1e-9);
        assertEquals(1, scrape.value("gatehouse_extension_quarantined", Map.of("extension", "com.acme.limiter")));
        assertEquals(0, scrape.value("gatehouse_extension_in_flight", Map.of("extension", "com.acme.limiter")));
        assertEquals(1, scrape.value("gatehouse_extension_in_flight", Map.of("extension", "org.example.\"quoted\"")));
    }

    @Test
    void runawaysFollowTheFlowEngine() throws Exception {
        PrometheusScrape before = scrape();
        assertEquals(0, before.value("gatehouse_extension_runaways_total", Map.of("extension", "com.acme.limiter")));
        assertEquals(0, before.value("gatehouse_extension_runaway_threads", Map.of("extension", "com.acme.limiter")));
        server.services.flows.reportRunaways(List.of(new ExtensionRunaways("com.acme.limiter", 3, 2, 1_500_000_000L)));
        PrometheusScrape after = scrape();
        assertEquals("counter", after.family("gatehouse_extension_runaways_total").orElseThrow().type());
        assertEquals("gauge", after.family("gatehouse_extension_runaway_threads").orElseThrow().type());
        assertEquals(3, after.value("gatehouse_extension_runaways_total", Map.of("extension", "com.acme.limiter")));
        assertEquals(2, after.value("gatehouse_extension_runaway_threads", Map.of("extension", "com.acme.limiter")));
        assertEquals(1.5, after.value("gatehouse_extension_runaway_cpu_seconds_total", Map.of("extension", "com.acme.limiter")), 1e-9);
    }

    @Test
    void queuesFollowTheFlowEngine() throws Exception {
        PrometheusScrape before = scrape();
        assertEquals(0, before.value("gatehouse_extension_queue_length", Map.of("extension", "com.acme.limiter")));
        server.services.flows.reportQueues(List.of(new ExtensionQueue("com.acme.limiter", 3, 7, 2, 1, 20, 5_000_000_000L)));
        PrometheusScrape after = scrape();
        assertEquals("gauge", after.family("gatehouse_extension_queue_length").orElseThrow().type());
        assertEquals("summary", after.family("gatehouse_extension_queue_wait_seconds").orElseThrow().type());
        assertEquals("counter", after.family("gatehouse_extension_queue_refused_total").orElseThrow().type());
        assertEquals(3, after.value("gatehouse_extension_queue_length", Map.of("extension", "com.acme.limiter")));
        assertEquals(7, after.value("gatehouse_extension_queue_refused_total", Map.of("extension", "com.acme.limiter")));
        assertEquals(2, after.value("gatehouse_extension_queue_expired_total", Map.of("extension", "com.acme.limiter")));
        assertEquals(1, after.value("gatehouse_extension_queue_abandoned_total", Map.of("extension", "com.acme.limiter")));
        assertEquals(20, after.value("gatehouse_extension_queue_wait_seconds_count", Map.of("extension", "com.acme.limiter")));
        assertEquals(5.0, after.value("gatehouse_extension_queue_wait_seconds_sum", Map.of("extension", "com.acme.limiter")), 1e-9);
    }

    @Test
    void aStoppedServiceLeavesItsFamiliesOutAndSaysSo() throws Exception {
        server.services.stopFlowEngine();
        PrometheusScrape scrape = scrape();
        assertEquals(0, scrape.value("gatehouse_component_up", Map.of("component", "flow_engine")));
        assertEquals(1, scrape.value("gatehouse_component_up", Map.of("component", "policy_engine")));
        assertTrue(scrape.family("gatehouse_flow_messages_total").isEmpty());
        assertTrue(scrape.family("gatehouse_extension_steps_total").isEmpty());
        assertTrue(scrape.family("gatehouse_sandbox_denials_total").isPresent());
    }
}
