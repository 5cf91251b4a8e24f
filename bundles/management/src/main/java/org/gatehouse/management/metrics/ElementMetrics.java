package org.gatehouse.management.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.extension.manager.api.LoadAlerts;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.gatehouse.flow.engine.api.ExtensionRunaways;
import org.gatehouse.flow.engine.api.ExtensionSteps;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.flow.engine.api.FlowTiming;
import org.gatehouse.flow.engine.api.FlowsView;
import org.gatehouse.management.metrics.PrometheusText.MetricType;
import org.gatehouse.policy.engine.api.PolicyService;

/**
 * The element's metric families (docs/management.md "Metrics": every swap and every denial is a metric), read
 * from the platform services at scrape time: nothing is kept here, so a scrape shows the counters
 * as the services hold them. Counters restart from zero when their service restarts, and the flow
 * counters with each new generation of the flows document, which Prometheus treats as a reset.
 *
 * <pre>{@code
 * PrometheusText text = new PrometheusText();
 * ElementMetrics.policy(text, policyService);
 * }</pre>
 */
public final class ElementMetrics {
    private static final double NANOS_PER_SECOND = 1e9;

    private ElementMetrics() {
    }

    /** Whether each platform service the management plane reads is running (1) or not (0). */
    public static void components(PrometheusText text, Map<String, Boolean> running) {
        text.family("gatehouse_component_up", MetricType.GAUGE, "Whether a platform service is running (1) or not (0).");
        running.forEach((component, up) -> text.sample(Map.of("component", component), up ? 1 : 0));
    }

    /** Management requests refused for their credentials or role, per reason (every reason, zero included). */
    public static void refusals(PrometheusText text, Map<String, Long> byReason) {
        text.family("gatehouse_management_auth_failures_total", MetricType.COUNTER,
                "Management requests refused for missing or wrong credentials or a role that may not, by reason.");
        byReason.forEach((reason, count) -> text.sample(Map.of("reason", reason), count));
    }

    /**
     * The audit log's records and failed appends (when it runs), and the logins and refusals the
     * management plane could not record into it, by kind (docs/management.md "Audit").
     */
    public static void audit(PrometheusText text, Optional<AuditLog> log, Map<String, Long> unrecorded) {
        log.ifPresent(audit -> {
            text.family("gatehouse_audit_records", MetricType.GAUGE, "Records in the tamper-evident audit log.").sample(audit.head().size());
            text.family("gatehouse_audit_failed_appends_total", MetricType.COUNTER,
                    "Appends to the audit log that could not be made durable since it was opened; it refuses appends after one.")
                    .sample(audit.failedAppends());
        });
        text.family("gatehouse_management_audit_failures_total", MetricType.COUNTER,
                "Records of logins and refused management requests that could not be written to the audit log (none running, or"
                        + " an append that failed), by kind; refusal counts are kept and written with the next attempt.");
        unrecorded.forEach((kind, count) -> text.sample(Map.of("kind", kind), count));
    }

    /** The policy generation, its swaps, and sandbox denials per codebase. */
    public static void policy(PrometheusText text, PolicyService policies) {
        text.family("gatehouse_policy_generation", MetricType.GAUGE, "Generation of the policy snapshot every check is decided against.")
                .sample(policies.current().generation());
        text.family("gatehouse_policy_swaps_total", MetricType.COUNTER, "Policy generations swapped in since the control module started.")
                .sample(policies.swaps());
        text.family("gatehouse_sandbox_denials_total", MetricType.COUNTER, "Sandbox denials per codebase, each one counted.");
        policies.denialsByCodebase().forEach((codebase, count) -> text.sample(Map.of("codebase", codebase), count));
        text.family("gatehouse_extension_audit_dropped_total", MetricType.COUNTER,
                "Audit events of an extension at the higher audit level of a conditional enable past its budget: counted, the count audited.");
        policies.droppedUseEvents().forEach((extension, count) -> text.sample(Map.of("extension", extension), count));
    }

    /**
     * Loads that install qualification denied or admitted on conditions, by outcome, and the
     * webhook's deliveries of their alerts by result (docs/extensions.md "Alerts").
     */
    public static void loadAlerts(PrometheusText text, LoadAlerts alerts) {
        text.family("gatehouse_extension_load_alerts_total", MetricType.COUNTER,
                "Extension loads alerted on, by outcome: denied, or conditional (admitted on conditions).");
        text.sample(Map.of("outcome", "denied"), alerts.denied());
        text.sample(Map.of("outcome", "conditional"), alerts.conditional());
        text.family("gatehouse_extension_alert_webhook_total", MetricType.COUNTER,
                "Load alerts posted to the configured webhook, by result: sent, failed (after every attempt) or dropped (queue full).");
        text.sample(Map.of("result", "sent"), alerts.webhookSent());
        text.sample(Map.of("result", "failed"), alerts.webhookFailed());
        text.sample(Map.of("result", "dropped"), alerts.webhookDropped());
    }

    /** Messages and flow durations per message type, and each extension's steps, in-flight count, queue and quarantine. */
    public static void flows(PrometheusText text, FlowService flows) {
        FlowsView view = flows.current();
        text.family("gatehouse_flows_generation", MetricType.GAUGE, "Generation of the flows document in force.").sample(view.generation());
        text.family("gatehouse_flow_messages_total", MetricType.COUNTER,
                "Messages classified to each message type since its flows generation came in force.");
        view.messageTypes().forEach(type -> text.sample(Map.of("message_type", type.name()), type.messages()));
        text.family("gatehouse_flow_duration_seconds", MetricType.SUMMARY,
                "Flows ended per message type and their summed duration, from classification to the end of the last step.");
        for (FlowTiming timing : flows.timings()) {
            text.summary(Map.of("message_type", timing.messageType()), timing.totalNanos() / NANOS_PER_SECOND, timing.finished());
        }
        extensions(text, flows);
    }

    private static void extensions(PrometheusText text, FlowService flows) {
        // each outcome has its own counter: completed less failures, read at two moments, could go down
        List<ExtensionSteps> outcomes = flows.extensionSteps();
        text.family("gatehouse_extension_steps_total", MetricType.COUNTER,
                "Steps of each extension that ended, by outcome: ok, failed or timed_out.");
        for (ExtensionSteps steps : outcomes) {
            text.sample(labels("extension", steps.symbolicName(), "outcome", "ok"), steps.succeeded());
            text.sample(labels("extension", steps.symbolicName(), "outcome", "failed"), steps.failed());
            text.sample(labels("extension", steps.symbolicName(), "outcome", "timed_out"), steps.timedOut());
        }
        text.family("gatehouse_extension_step_duration_seconds", MetricType.SUMMARY,
                "Steps of each extension that ended and their summed time, from admission (queueing included) to the end of the call.");
        for (ExtensionSteps steps : outcomes) {
            text.summary(Map.of("extension", steps.symbolicName()), steps.totalNanos() / NANOS_PER_SECOND,
                    steps.succeeded() + steps.failed() + steps.timedOut());
        }
        List<ExtensionHealth> extensions = flows.extensions();
        text.family("gatehouse_extension_in_flight", MetricType.GAUGE, "Steps of each extension running now.");
        extensions.forEach(health -> text.sample(Map.of("extension", health.symbolicName()), health.inFlight()));
        text.family("gatehouse_extension_quarantined", MetricType.GAUGE, "Whether an extension is quarantined (1) or not (0).");
        extensions.forEach(health -> text.sample(Map.of("extension", health.symbolicName()), health.quarantined() ? 1 : 0));
        queues(text, flows.extensionQueues());
        runaways(text, flows.runaways());
    }

    private static void queues(PrometheusText text, List<ExtensionQueue> queues) {
        text.family("gatehouse_extension_queue_length", MetricType.GAUGE,
                "Messages waiting now for one of each extension's concurrent slots.");
        queues.forEach(q -> text.sample(Map.of("extension", q.symbolicName()), q.waiting()));
        text.family("gatehouse_extension_queue_wait_seconds", MetricType.SUMMARY,
                "Messages of each extension that got a slot after waiting in its queue, and their summed wait.");
        queues.forEach(q -> text.summary(Map.of("extension", q.symbolicName()), q.waitedNanos() / NANOS_PER_SECOND, q.granted()));
        text.family("gatehouse_extension_queue_refused_total", MetricType.COUNTER,
                "Messages answered 503 extension_overloaded because every slot of the extension was taken and its queue full.");
        queues.forEach(q -> text.sample(Map.of("extension", q.symbolicName()), q.refused()));
        text.family("gatehouse_extension_queue_expired_total", MetricType.COUNTER,
                "Messages answered 504 step_timeout because their step's deadline passed while they waited for a slot.");
        queues.forEach(q -> text.sample(Map.of("extension", q.symbolicName()), q.expired()));
        text.family("gatehouse_extension_queue_abandoned_total", MetricType.COUNTER,
                "Messages taken out of the queue because their client went away while they waited.");
        queues.forEach(q -> text.sample(Map.of("extension", q.symbolicName()), q.abandoned()));
    }

    private static void runaways(PrometheusText text, List<ExtensionRunaways> runaways) {
        text.family("gatehouse_extension_runaways_total", MetricType.COUNTER,
                "Steps of each extension still running a grace period after their deadline interrupted them; "
                        + "each quarantines its extension.");
        runaways.forEach(r -> text.sample(Map.of("extension", r.symbolicName()), r.detected()));
        text.family("gatehouse_extension_runaway_threads", MetricType.GAUGE,
                "Runaway threads of each extension still inside its code: Java cannot stop them, a restart ends them.");
        runaways.forEach(r -> text.sample(Map.of("extension", r.symbolicName()), r.running()));
        text.family("gatehouse_extension_runaway_cpu_seconds_total", MetricType.COUNTER,
                "CPU time the runaway threads of each extension used after their deadline.");
        runaways.forEach(r -> text.sample(Map.of("extension", r.symbolicName()), r.cpuNanos() / NANOS_PER_SECOND));
    }

    /** The data plane's configuration generation, requests per listener, upstream outcomes per route and member health. */
    public static void dataPlane(PrometheusText text, DataPlane plane) {
        text.family("gatehouse_dataplane_generation", MetricType.GAUGE, "Element configurations applied by the data plane.")
                .sample(plane.generation());
        text.family("gatehouse_listener_requests_total", MetricType.COUNTER, "HTTP and HTTPS requests received per listener.");
        plane.listenerRequests().forEach((listener, count) -> text.sample(Map.of("listener", listener), count));
        text.family("gatehouse_http_responses_total", MetricType.COUNTER,
                "Answers per HTTP and HTTPS listener by status class, whoever made them: an upstream, a flow step, or a refusal.");
        plane.responseTimings().forEach((listener, timings) -> timings.statusClasses().forEach((statusClass, count) ->
                text.sample(labels("listener", listener, "code", statusClass), count)));
        text.family("gatehouse_http_response_duration_seconds", MetricType.HISTOGRAM,
                "Time from a request head's arrival to the last byte of its answer handed to the connection, per listener.");
        plane.responseTimings().forEach((listener, timings) -> text.histogram(Map.of("listener", listener), timings.bucketBounds(),
                timings.bucketCounts(), timings.sumSeconds(), timings.count()));
        text.family("gatehouse_upstream_exchanges_total", MetricType.COUNTER,
                "Exchanges with each route's upstream by outcome: response, aborted, or the error code the client got.");
        plane.upstreamOutcomes().forEach((route, outcomes) -> outcomes.forEach((outcome, count) ->
                text.sample(labels("route", route, "outcome", outcome), count)));
        text.family("gatehouse_refused_requests_total", MetricType.COUNTER,
                "Requests refused per listener before reaching an upstream, by error code"
                        + " (request_timeout: slow HTTP/1.1 clients; h2_request_timeout: slow HTTP/2 streams and connections).");
        plane.refusedRequests().forEach((listener, codes) -> codes.forEach((code, count) ->
                text.sample(labels("listener", listener, "code", code), count)));
        text.family("gatehouse_upstream_member_healthy", MetricType.GAUGE,
                "Whether a pool member passes its health check (1) or is taken out (0).");
        plane.memberHealth().forEach((pool, members) -> members.forEach((member, healthy) ->
                text.sample(labels("pool", pool, "member", member), healthy ? 1 : 0)));
    }

    private static Map<String, String> labels(String name, String value, String name2, String value2) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(name, value);
        labels.put(name2, value2);
        return labels;
    }
}
