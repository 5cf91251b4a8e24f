package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.dataplane.spi.FlowResult;
import org.junit.jupiter.api.Test;

/** Messages through flows of real bladelets: each outcome of a step and what the data plane is told. */
class FlowRunTest extends StartedEngineFixture {
    private void oneFlow(String steps) throws Exception {
        fixture.replace("  <settings step-timeout=\"300ms\"/>\n"
                + "  <message-type name=\"api\" flow=\"f\"><match path-prefix=\"/api\"/></message-type>\n"
                + "  <flow name=\"f\">\n" + steps + "  </flow>\n");
    }

    private static String step(String bladelet, String... params) {
        StringBuilder sb = new StringBuilder("    <step bladelet=\"" + bladelet + "\" extension=\"" + EngineFixture.EXTENSION + "\">");
        for (int i = 0; i < params.length; i += 2) {
            sb.append("<param name=\"").append(params[i]).append("\" value=\"").append(params[i + 1]).append("\"/>");
        }
        return sb.append("</step>\n").toString();
    }

    @Test
    void eachStepSeesTheChangesOfTheOneBefore() throws Exception {
        oneFlow(step("trail", "mark", "a") + step("trail", "mark", "b") + step("rewrite-path", "to", "/v2/orders"));
        FlowResult result = fixture.send(TestRequestHead.get("/api/orders?id=7").header("X-Trail", "client"));
        FlowResult.Forward forward = assertInstanceOf(FlowResult.Forward.class, result);
        assertEquals("a,b (saw header a (saw header client))", EngineFixture.header(forward, "X-Trail"));
        assertEquals("/v2/orders?id=7", forward.uri(), "new path, query kept");
        assertTrue(EngineFixture.header(forward, "X-Step-Thread").startsWith("gatehouse-step-"), "steps run on the step threads");
        assertEquals(Optional.empty(), forward.route());
        assertEquals(Optional.empty(), forward.body());
    }

    @Test
    void unchangedMessageIsForwardedWithItsTarget() throws Exception {
        oneFlow(step("trail", "mark", "a"));
        FlowResult.Forward forward = assertInstanceOf(FlowResult.Forward.class,
                fixture.send(TestRequestHead.get("/api/x?q=%20y").header("Accept", "text/plain")));
        assertEquals("/api/x?q=%20y", forward.uri());
        assertEquals("text/plain", EngineFixture.header(forward, "Accept"));
    }

    @Test
    void respondAnswersTheClientAndSkipsLaterSteps() throws Exception {
        oneFlow(step("trail", "mark", "a") + step("respond", "status", "401") + step("trail", "mark", "never"));
        FlowResult.Respond respond = assertInstanceOf(FlowResult.Respond.class, fixture.send(TestRequestHead.get("/api")));
        assertEquals(401, respond.status());
        assertEquals("no entry for a", StandardCharsets.UTF_8.decode(respond.body()).toString());
        assertEquals(List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")), respond.headers());
    }

    @Test
    void routeForwardsToTheNamedRouteWithItsChanges() throws Exception {
        oneFlow(step("route", "route", "canary") + step("trail", "mark", "never"));
        FlowResult.Forward forward = assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/api")));
        assertEquals(Optional.of("canary"), forward.route());
        assertEquals("canary", EngineFixture.header(forward, "X-Routed"));
        assertEquals(null, EngineFixture.header(forward, "X-Trail"));
    }

    @Test
    void failRejectsWith500NamingTheStepNotTheReason() throws Exception {
        oneFlow(step("fail"));
        FlowResult.Reject reject = assertInstanceOf(FlowResult.Reject.class, fixture.send(TestRequestHead.get("/api")));
        assertEquals(new FlowResult.Reject(500, "step_failed", "step 'f/1' of flow 'f' failed", List.of()), reject);
    }

    @Test
    void exceptionRejectsWith500WithoutItsMessage() throws Exception {
        oneFlow(step("throw"));
        FlowResult.Reject reject = assertInstanceOf(FlowResult.Reject.class, fixture.send(TestRequestHead.get("/api")));
        assertEquals(500, reject.status());
        assertEquals("step_failed", reject.code());
        assertFalse(reject.message().contains("10.1.2.3"), reject.message());
    }

    @Test
    void flowsThatEndAreTimedPerMessageType() throws Exception {
        oneFlow(step("sleep", "time", "40ms"));
        assertEquals(List.of(new org.gatehouse.flow.engine.api.FlowTiming("api", 0, 0)), fixture.engine.timings());
        fixture.send(TestRequestHead.get("/api"));
        fixture.send(TestRequestHead.get("/api"));
        fixture.send(TestRequestHead.get("/elsewhere"));
        // the count is taken when the flow's result completes, which may be just after the caller saw it
        Await.until("both flows counted", () -> fixture.engine.timings().get(0).finished() == 2);
        long totalNanos = fixture.engine.timings().get(0).totalNanos();
        assertTrue(totalNanos >= 80_000_000L, "two flows of a 40 ms step took at least 80 ms: " + totalNanos + " ns");
        assertEquals(2, fixture.engine.current().messageTypes().get(0).messages());
    }

    @Test
    void eachStepOutcomeIsCountedOnItsOwn() throws Exception {
        oneFlow(step("trail", "mark", "a") + step("trail", "mark", "b"));
        fixture.send(TestRequestHead.get("/api"));
        oneFlow(step("fail"));
        fixture.send(TestRequestHead.get("/api"));
        oneFlow(step("sleep", "time", "5s"));
        fixture.send(TestRequestHead.get("/api"));
        Await.until("the timeout counted", () -> fixture.engine.extensions().get(0).timeouts() == 1);
        org.gatehouse.flow.engine.api.ExtensionSteps steps = fixture.engine.extensionSteps().get(0);
        assertEquals(List.of(EngineFixture.EXTENSION, 2L, 1L, 1L),
                List.of(steps.symbolicName(), steps.succeeded(), steps.failed(), steps.timedOut()));
        assertEquals(1, fixture.engine.extensionSteps().size());
        assertTrue(steps.totalNanos() >= 300_000_000L, "the timed-out step counts up to its 300 ms deadline: " + steps.totalNanos());
        assertEquals(4, fixture.engine.extensions().get(0).completed(), "completed counts every outcome");
    }

    @Test
    void everyStepOutcomeOfAnExtensionReachesTheOutcomeAudit() throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.engine.auditStepOutcomes((name, version, what, outcome, detail) -> told.add(name + " " + what + ": " + outcome
                + (detail.isEmpty() ? "" : " (" + detail + ")")));
        oneFlow(step("trail", "mark", "a"));
        fixture.send(TestRequestHead.get("/api"));
        oneFlow(step("fail"));
        fixture.send(TestRequestHead.get("/api"));
        oneFlow(step("sleep", "time", "5s"));
        fixture.send(TestRequestHead.get("/api"));
        Await.until("the timeout told", () -> told.size() == 3);
        String ext = EngineFixture.EXTENSION;
        assertEquals(List.of(ext + " step 'f/1' (" + ext + ":trail) of flow 'f': ok",
                ext + " step 'f/1' (" + ext + ":fail) of flow 'f': failed (step 'f/1' (" + ext + ":fail) of flow 'f' answered a failure)",
                ext + " step 'f/1' (" + ext + ":sleep) of flow 'f': timed_out (step 'f/1' (" + ext + ":sleep) of flow 'f' timed out)"), told);
    }

    @Test
    void stepPastItsDeadlineIs504AndItsThreadInterrupted() throws Exception {
        oneFlow(step("sleep", "time", "5s"));
        int before = TestBladelets.INTERRUPTED.get();
        long start = System.nanoTime();
        FlowResult.Reject reject = assertInstanceOf(FlowResult.Reject.class, fixture.send(TestRequestHead.get("/api")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(new FlowResult.Reject(504, "step_timeout", "step 'f/1' of flow 'f' did not finish within 300 ms", List.of()), reject);
        assertTrue(tookMillis < 3000, "answered at the deadline, not when the step gave up: " + tookMillis + " ms");
        Await.until("the sleeping step was interrupted", () -> TestBladelets.INTERRUPTED.get() > before);
        assertEquals(1, fixture.engine.extensions().get(0).timeouts());
    }

    @Test
    void replacedBodyIsForwardedWithItsLength() throws Exception {
        oneFlow(step("upper-body"));
        var head = TestRequestHead.get("/api").method("POST").header("Content-Length", "5").header("Transfer-Encoding", "chunked");
        assertEquals(64, fixture.engine.classify(head).bodyLimit(), "the step's declared max-bytes");
        FlowResult.Forward forward = assertInstanceOf(FlowResult.Forward.class, fixture.send(head, "hello"));
        assertEquals("HELLO", StandardCharsets.UTF_8.decode(forward.body().orElseThrow()).toString());
        assertEquals("5", EngineFixture.header(forward, "Content-Length"));
        assertEquals(null, EngineFixture.header(forward, "Transfer-Encoding"));
    }

    @Test
    void flowThatReadsNoBodyLeavesItStreamed() throws Exception {
        oneFlow(step("trail", "mark", "a"));
        assertEquals(-1, fixture.engine.classify(TestRequestHead.get("/api").method("POST")).bodyLimit());
    }

    @Test
    void stepOfAnExtensionThatIsNotStartedIs503() throws Exception {
        fixture.replace("  <message-type name=\"api\" flow=\"f\"><match/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"trail\" extension=\"org.example.absent\"><param name=\"mark\" value=\"a\"/></step></flow>\n");
        FlowResult.Reject reject = assertInstanceOf(FlowResult.Reject.class, fixture.send(TestRequestHead.get("/")));
        assertEquals(new FlowResult.Reject(503, "step_unavailable", "step 'f/1' of flow 'f' is not available", List.of()), reject);
    }

    @Test
    void builtInBladeletOfAPlatformBundleRunsWithoutExtension() throws Exception {
        fixture.startProvider("org.gatehouse.builtins", "1.0.0", false);
        fixture.replace("  <message-type name=\"api\" flow=\"f\"><match/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"route\"><param name=\"route\" value=\"inside\"/></step></flow>\n");
        FlowResult.Forward forward = assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/")));
        assertEquals(Optional.of("inside"), forward.route());
    }

    @Test
    void unmatchedRequestTakesTheFastPath() throws Exception {
        oneFlow(step("trail", "mark", "a"));
        assertEquals(null, fixture.send(TestRequestHead.get("/other")));
    }

    @Test
    void constructorThatThrowsFailsTheStepAndCountsAgainstTheExtension() throws Exception {
        oneFlow(step("broken"));
        assertEquals(new FlowResult.Reject(500, "step_failed", "step 'f/1' of flow 'f' failed", List.of()),
                fixture.send(TestRequestHead.get("/api")));
        assertEquals(1, fixture.engine.extensions().get(0).failures());
    }

    @Test
    void stageThatFailsLaterRejectsWithoutItsMessage() throws Exception {
        oneFlow(step("late-failure"));
        FlowResult.Reject reject = assertInstanceOf(FlowResult.Reject.class, fixture.send(TestRequestHead.get("/api")));
        assertEquals(new FlowResult.Reject(500, "step_failed", "step 'f/1' of flow 'f' failed", List.of()), reject);
        assertTrue(fixture.engine.extensions().get(0).lastFailure().orElseThrow().contains("IllegalStateException"));
        assertFalse(fixture.engine.extensions().get(0).lastFailure().orElseThrow().contains("hunter2"),
                "the health record names the exception type, not its message");
    }
}
