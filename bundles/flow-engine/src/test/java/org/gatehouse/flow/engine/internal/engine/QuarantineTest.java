package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/data-plane.md "Failing extensions and quarantine": an extension that fails is counted, then quarantined past the threshold, its steps
 * failing closed while other message types go on; release or a new version lifts it. Also the
 * bounds on concurrency: the per-extension cap and the full pool.
 */
class QuarantineTest extends StartedEngineFixture {
    private static final String OTHER = "org.example.other";

    @BeforeEach
    void start() throws Exception {
        fixture.startProvider(OTHER, "1.0.0", true);
    }

    @AfterEach
    void stop() {
        TestBladelets.gate.release(100);
    }

    private void flows(String settings, String badStep) throws Exception {
        fixture.replace("  <settings " + settings + "/>\n"
                + "  <message-type name=\"bad\" flow=\"bad\"><match path-prefix=\"/bad\"/></message-type>\n"
                + "  <message-type name=\"good\" flow=\"good\"><match path-prefix=\"/good\"/></message-type>\n"
                + "  <flow name=\"bad\"><step bladelet=\"" + badStep + "\" extension=\"" + EngineFixture.EXTENSION + "\"/></flow>\n"
                + "  <flow name=\"good\"><step bladelet=\"trail\" extension=\"" + OTHER + "\"><param name=\"mark\" value=\"ok\"/></step></flow>\n");
    }

    private ExtensionHealth health(String name) {
        return fixture.engine.extensions().stream().filter(h -> h.symbolicName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void failuresWithinTheWindowQuarantineTheExtensionOnly() throws Exception {
        flows("quarantine-failures=\"3\" quarantine-window=\"60s\"", "throw");
        for (int i = 0; i < 3; i++) {
            assertEquals(500, ((FlowResult.Reject) fixture.send(TestRequestHead.get("/bad"))).status());
        }
        assertTrue(health(EngineFixture.EXTENSION).quarantined());
        assertEquals(3, health(EngineFixture.EXTENSION).failures());
        assertEquals(new FlowResult.Reject(503, "extension_quarantined", "step 'bad/1' of flow 'bad' belongs to a quarantined extension",
                List.of()), fixture.send(TestRequestHead.get("/bad")));
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/good")), "other message types go on");
        assertFalse(health(OTHER).quarantined());
    }

    @Test
    void releaseLiftsTheQuarantine() throws Exception {
        flows("quarantine-failures=\"2\"", "fail");
        fixture.send(TestRequestHead.get("/bad"));
        fixture.send(TestRequestHead.get("/bad"));
        assertEquals("extension_quarantined", ((FlowResult.Reject) fixture.send(TestRequestHead.get("/bad"))).code());
        assertTrue(fixture.engine.release(EngineFixture.EXTENSION));
        assertFalse(fixture.engine.release(EngineFixture.EXTENSION), "no longer quarantined");
        assertEquals("step_failed", ((FlowResult.Reject) fixture.send(TestRequestHead.get("/bad"))).code(), "runs again");
    }

    @Test
    void newVersionStartingLiftsTheQuarantine() throws Exception {
        flows("quarantine-failures=\"1\"", "fail");
        fixture.send(TestRequestHead.get("/bad"));
        assertTrue(health(EngineFixture.EXTENSION).quarantined());
        fixture.startProvider(EngineFixture.EXTENSION, "1.0.1", true);
        assertFalse(health(EngineFixture.EXTENSION).quarantined());
        assertEquals("1.0.1", health(EngineFixture.EXTENSION).version());
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() throws Exception {
        flows("quarantine-failures=\"2\" quarantine-window=\"200ms\"", "fail");
        fixture.send(TestRequestHead.get("/bad"));
        Thread.sleep(400);
        fixture.send(TestRequestHead.get("/bad"));
        assertFalse(health(EngineFixture.EXTENSION).quarantined());
        assertEquals(2, health(EngineFixture.EXTENSION).failures());
    }

    @Test
    void extensionBeyondItsConcurrencyCapWithNoQueueIsTurnedAway() throws Exception {
        TestBladelets.gate = new Semaphore(0);
        TestBladelets.entered = new CountDownLatch(2);
        flows("extension-concurrency=\"2\" extension-queue=\"0\" step-threads=\"8\" step-timeout=\"10s\"", "gate");
        List<CompletableFuture<FlowResult>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(fixture.engine.classify(TestRequestHead.get("/bad")).run(TestRequestHead.get("/bad"), null).toCompletableFuture());
        }
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
        FlowResult third = fixture.send(TestRequestHead.get("/bad"));
        assertEquals(new FlowResult.Reject(503, "extension_overloaded",
                "step 'bad/1' of flow 'bad' has as many messages running as its extension may", List.of(Map.entry("Retry-After", "1"))), third);
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/good")), "another extension still runs");
        assertEquals(2, health(EngineFixture.EXTENSION).inFlight());
        TestBladelets.gate.release(2);
        for (CompletableFuture<FlowResult> r : running) {
            assertInstanceOf(FlowResult.Forward.class, r.get(10, TimeUnit.SECONDS));
        }
        Await.until("slots released", () -> health(EngineFixture.EXTENSION).inFlight() == 0);
        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/bad")), "a slot is free again");
    }

    @Test
    void fullPoolAnswersOverloaded() throws Exception {
        TestBladelets.gate = new Semaphore(0);
        TestBladelets.entered = new CountDownLatch(1);
        flows("step-threads=\"1\" step-queue=\"1\" step-timeout=\"10s\"", "gate");
        CompletableFuture<FlowResult> busy = fixture.engine.classify(TestRequestHead.get("/bad")).run(TestRequestHead.get("/bad"), null)
                .toCompletableFuture();
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<FlowResult> queued = fixture.engine.classify(TestRequestHead.get("/bad")).run(TestRequestHead.get("/bad"), null)
                .toCompletableFuture();
        FlowResult refused = fixture.send(TestRequestHead.get("/good"));
        assertEquals(new FlowResult.Reject(503, "overloaded", "the element has no free step thread; try again",
                List.of(Map.entry("Retry-After", "1"))), refused);
        assertEquals(0, health(OTHER).failures(), "a full pool is not the extension's fault");
        TestBladelets.gate.release(2);
        assertInstanceOf(FlowResult.Forward.class, busy.get(10, TimeUnit.SECONDS));
        assertInstanceOf(FlowResult.Forward.class, queued.get(10, TimeUnit.SECONDS));
    }
}
