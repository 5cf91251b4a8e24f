package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionRunaways;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.flow.engine.internal.run.RunawayWatch;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Steps that go on running after their deadline interrupted them: a busy loop that never looks at
 * the interrupt and a loop that swallows it are runaways (counted, quarantined at once, logged,
 * audited), their threads are replaced so other extensions and built-in steps keep running in
 * time, and a step that overruns but honours the interrupt is a plain timeout. Every runaway
 * thread is stopped through {@link TestBladelets#stopRunaways} before the engine closes.
 */
class RunawayTest extends StartedEngineFixture {
    private static final String OTHER = "org.example.other";
    private static final String BUILTIN = "org.gatehouse.builtin-test";

    @BeforeEach
    void start() throws Exception {
        TestBladelets.stopRunaways = false;
        fixture.startProvider(OTHER, "1.0.0", true);
        fixture.startProvider(BUILTIN, "1.0.0", false);
        fixture.engine.registry().addStep(new PlatformStepSource(new PlatformStepTest.AuthenticateFactory(), folder.resolve("data"),
                Clock.systemUTC()));
    }

    @AfterEach
    void stopRunaways() throws InterruptedException {
        TestBladelets.stopRunaways = true;
        Await.until("every runaway thread came back", () -> fixture.engine.runaways().stream().allMatch(r -> r.running() == 0));
    }

    /**
     * One step thread, so a runaway that were not replaced would leave none for anybody else. The
     * well-behaved flows have a deadline of 5 s: long enough for a machine whose cores the spinning
     * threads share, far shorter than the runaway that would otherwise hold their only thread.
     */
    private void flows(String settings) throws Exception {
        flows(1, settings);
    }

    private void flows(int threads, String settings) throws Exception {
        fixture.replace("  <settings step-threads=\"" + threads + "\" step-timeout=\"300ms\" runaway-grace=\"300ms\" " + settings + "/>\n"
                + "  <authenticator name=\"spinning\" bladelet=\"spin-token\" extension=\"" + EngineFixture.EXTENSION + "\"/>\n"
                + "  <message-type name=\"spin\" flow=\"spin\"><match path-prefix=\"/spin\"/></message-type>\n"
                + "  <message-type name=\"stubborn\" flow=\"stubborn\"><match path-prefix=\"/stubborn\"/></message-type>\n"
                + "  <message-type name=\"sleep\" flow=\"sleep\"><match path-prefix=\"/sleep\"/></message-type>\n"
                + "  <message-type name=\"login\" flow=\"login\"><match path-prefix=\"/login\"/>"
                + "<credentials><header header=\"X-Token\"/></credentials></message-type>\n"
                + "  <message-type name=\"other\" flow=\"other\"><match path-prefix=\"/other\"/></message-type>\n"
                + "  <message-type name=\"builtin\" flow=\"builtin\"><match path-prefix=\"/builtin\"/></message-type>\n"
                + extensionFlow("spin") + extensionFlow("stubborn")
                + "  <flow name=\"sleep\"><step bladelet=\"sleep\" extension=\"" + EngineFixture.EXTENSION + "\">"
                + "<param name=\"time\" value=\"10s\"/></step></flow>\n"
                + "  <flow name=\"login\"><step bladelet=\"authenticate\" name=\"login\">"
                + "<param name=\"method\" value=\"spinning\"/></step></flow>\n"
                + "  <flow name=\"other\" step-timeout=\"5s\"><step bladelet=\"trail\" extension=\"" + OTHER + "\">"
                + "<param name=\"mark\" value=\"other\"/></step></flow>\n"
                + "  <flow name=\"builtin\" step-timeout=\"5s\"><step bladelet=\"trail\">"
                + "<param name=\"mark\" value=\"builtin\"/></step></flow>\n");
    }

    private static String extensionFlow(String bladelet) {
        return "  <flow name=\"" + bladelet + "\"><step bladelet=\"" + bladelet + "\" extension=\"" + EngineFixture.EXTENSION
                + "\"/></flow>\n";
    }

    private ExtensionRunaways runaways(String extension) {
        return fixture.engine.runaways().stream().filter(r -> r.symbolicName().equals(extension)).findFirst().orElseThrow();
    }

    private ExtensionHealth health(String extension) {
        return fixture.engine.extensions().stream().filter(h -> h.symbolicName().equals(extension)).findFirst().orElseThrow();
    }

    private FlowResult.Reject timedOut(String path) throws Exception {
        FlowResult.Reject reject = assertInstanceOf(FlowResult.Reject.class, fixture.send(TestRequestHead.get(path)));
        assertEquals("step_timeout", reject.code());
        return reject;
    }

    private void awaitRunaway(String extension) throws InterruptedException {
        Await.until("a runaway of " + extension, () -> runaways(extension).detected() == 1);
    }

    @Test
    void busyLoopIgnoringTheInterruptIsARunawayQuarantinedAtOnce() throws Exception {
        flows("quarantine-failures=\"100\"");
        timedOut("/spin");
        awaitRunaway(EngineFixture.EXTENSION);
        assertEquals(1, runaways(EngineFixture.EXTENSION).running(), "its thread is still inside the step");
        assertTrue(health(EngineFixture.EXTENSION).quarantined(), "at once, not after 100 failures");
        assertEquals(new FlowResult.Reject(503, "extension_quarantined", "step 'spin/1' of flow 'spin' belongs to a quarantined extension",
                List.of()), fixture.send(TestRequestHead.get("/spin")));
        assertEquals(new ExtensionRunaways(OTHER, 0, 0, 0), runaways(OTHER));
        assertFalse(health(OTHER).quarantined());
    }

    @Test
    void runawayIsAuditedOnceWithItsThreadAndStack() throws Exception {
        flows("");
        timedOut("/spin");
        awaitRunaway(EngineFixture.EXTENSION);
        Await.until("audited", () -> !fixture.audited.isEmpty());
        assertEquals(1, fixture.audited.size());
        AuditEvent event = fixture.audited.get(0);
        assertEquals(RunawayWatch.AUDIT_ACTION, event.action());
        assertEquals("ext:" + EngineFixture.EXTENSION + "/1.0.0", event.subject(), "named as the control module names codebases");
        assertTrue(event.summary().startsWith("step 'spin/1' (" + EngineFixture.EXTENSION + ":spin) of flow 'spin' of extension "
                + EngineFixture.EXTENSION + " 1.0.0 still running "), event.summary());
        assertEquals("step: step 'spin/1' (" + EngineFixture.EXTENSION + ":spin) of flow 'spin'", event.details().get(0));
        assertTrue(event.details().get(1).startsWith("thread: gatehouse-step-"), event.details().get(1));
        assertEquals("quarantine: extension quarantined now", event.details().get(4));
        String spinning = TestBladelets.class.getName() + ".spinUntilStopped(";
        assertTrue(event.details().stream().anyMatch(d -> d.startsWith("at ") && d.contains(spinning)),
                "the top frames show where it spins: " + event.details());
    }

    @Test
    void loopSwallowingTheInterruptIsARunaway() throws Exception {
        flows("");
        timedOut("/stubborn");
        awaitRunaway(EngineFixture.EXTENSION);
        assertTrue(TestBladelets.SWALLOWED.get() > 0, "the step caught the interrupt and slept again");
        assertTrue(health(EngineFixture.EXTENSION).quarantined());
        assertEquals("extension_quarantined", ((FlowResult.Reject) fixture.send(TestRequestHead.get("/stubborn"))).code());
        Await.until("audited", () -> !fixture.audited.isEmpty());
        assertEquals(RunawayWatch.AUDIT_ACTION, fixture.audited.get(0).action());
    }

    @Test
    void otherExtensionsAndBuiltInStepsKeepTheirThreadWhileTheRunawaySpins() throws Exception {
        flows("");
        timedOut("/spin");
        awaitRunaway(EngineFixture.EXTENSION);
        // the only step thread spins on; without a replacement these would wait for it past their deadline
        for (int i = 0; i < 3; i++) {
            FlowResult.Forward other = assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/other")));
            assertTrue(EngineFixture.header(other, "X-Trail").startsWith("other"));
            FlowResult.Forward builtin = assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/builtin")));
            assertTrue(EngineFixture.header(builtin, "X-Trail").startsWith("builtin"));
        }
        assertEquals(1, runaways(EngineFixture.EXTENSION).running());
    }

    @Test
    void stepThatOverrunsButHonoursTheInterruptIsAPlainTimeout() throws Exception {
        flows("");
        int interruptedBefore = TestBladelets.INTERRUPTED.get();
        timedOut("/sleep");
        Await.until("the step came back when interrupted", () -> TestBladelets.INTERRUPTED.get() == interruptedBefore + 1
                && health(EngineFixture.EXTENSION).inFlight() == 0);
        Thread.sleep(600); // past the grace, when a runaway would have been declared
        assertEquals(new ExtensionRunaways(EngineFixture.EXTENSION, 0, 0, 0), runaways(EngineFixture.EXTENSION));
        assertFalse(health(EngineFixture.EXTENSION).quarantined(), "one timeout is below quarantine-failures");
        assertEquals(1, health(EngineFixture.EXTENSION).timeouts());
        assertTrue(fixture.audited.isEmpty());
    }

    @Test
    void extensionMethodSpinningUnderABuiltInStepIsChargedToTheExtension() throws Exception {
        flows("");
        timedOut("/login");
        awaitRunaway(EngineFixture.EXTENSION);
        assertTrue(health(EngineFixture.EXTENSION).quarantined());
        Await.until("audited", () -> !fixture.audited.isEmpty());
        Thread.sleep(400); // past the grace of the extension's own deadline, which came a little after the built-in step's
        assertEquals(1, fixture.audited.size(), "one runaway, though the built-in step around it overran as well");
        assertEquals("ext:" + EngineFixture.EXTENSION + "/1.0.0", fixture.audited.get(0).subject());
        assertEquals("extension_quarantined", ((FlowResult.Reject) fixture.send(TestRequestHead.get("/login"))).code());
    }

    @Test
    void releaseWhileTheRunawayRunsLetsWorkInUntilTheRunawayCapIsReached() throws Exception {
        flows(2, "runaway-threads=\"2\""); // two threads: the pool replaces up to two runaways
        timedOut("/spin");
        awaitRunaway(EngineFixture.EXTENSION);
        assertTrue(fixture.engine.release(EngineFixture.EXTENSION));
        timedOut("/spin"); // released with one runaway below the cap of two: it runs, and runs away again
        Await.until("a second runaway", () -> runaways(EngineFixture.EXTENSION).detected() == 2);
        assertEquals(2, runaways(EngineFixture.EXTENSION).running());
        assertTrue(fixture.engine.release(EngineFixture.EXTENSION));
        assertFalse(health(EngineFixture.EXTENSION).quarantined());
        assertEquals("extension_quarantined", ((FlowResult.Reject) fixture.send(TestRequestHead.get("/spin"))).code(),
                "released, but at its cap of runaway threads: refused outright");
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/other")));
    }

    @Test
    void runawayThreadsComingBackAreNoLongerCounted() throws Exception {
        flows("");
        timedOut("/spin");
        awaitRunaway(EngineFixture.EXTENSION);
        TestBladelets.stopRunaways = true;
        Await.until("the runaway came back", () -> runaways(EngineFixture.EXTENSION).running() == 0);
        ExtensionRunaways after = runaways(EngineFixture.EXTENSION);
        assertEquals(1, after.detected(), "the count stays");
        assertTrue(health(EngineFixture.EXTENSION).quarantined(), "coming back does not lift the quarantine");
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/other")), "the pool is back to its size and works");
    }
}
