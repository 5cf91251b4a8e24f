package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue in front of an extension's concurrency cap, with real step threads and a slow step
 * ({@code in-order}, waiting on a semaphore): messages that find every slot taken wait in order
 * and run as slots free up; a full queue is answered 503 at once; a message leaves the queue at
 * its step's deadline (504), when its client goes, when the extension is quarantined or stops;
 * and a queue of 0 answers 503 at once as before there were queues.
 */
class ExtensionQueueTest extends StartedEngineFixture {
    private static final FlowResult.Reject QUEUE_FULL = new FlowResult.Reject(503, "extension_overloaded",
            "step 'long/1' of flow 'long' has as many messages running and waiting as its extension may",
            List.of(Map.entry("Retry-After", "1")));

    @BeforeEach
    void reset() {
        TestBladelets.gate = new Semaphore(0);
        TestBladelets.ORDER.clear();
        TestBladelets.MOST_INSIDE.set(0);
    }

    @AfterEach
    void open() {
        TestBladelets.gate.release(100);
    }

    /** Message type "long" (step deadline 10 s) and "short" (200 ms), both through the one extension's slow step. */
    private void flows(String settings) throws Exception {
        fixture.replace("  <settings " + settings + "/>\n"
                + "  <message-type name=\"long\" flow=\"long\"><match path-prefix=\"/long\"/></message-type>\n"
                + "  <message-type name=\"short\" flow=\"short\"><match path-prefix=\"/short\"/></message-type>\n"
                + "  <flow name=\"long\" step-timeout=\"10s\"><step bladelet=\"in-order\" extension=\"" + EngineFixture.EXTENSION
                + "\"/></flow>\n"
                + "  <flow name=\"short\" step-timeout=\"200ms\"><step bladelet=\"in-order\" extension=\"" + EngineFixture.EXTENSION
                + "\"/></flow>\n");
    }

    private static TestRequestHead head(String path, String seq) {
        return TestRequestHead.get(path).header("X-Seq", seq);
    }

    private CompletableFuture<FlowResult> send(TestRequestHead head) {
        return fixture.engine.classify(head).run(head, null).toCompletableFuture();
    }

    private CompletableFuture<FlowResult> send(String path, String seq) {
        return send(head(path, seq));
    }

    /** The first message takes the one slot and is inside the step. */
    private CompletableFuture<FlowResult> occupy(String path) throws Exception {
        TestBladelets.entered = new CountDownLatch(1);
        CompletableFuture<FlowResult> first = send(path, "1");
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
        return first;
    }

    private ExtensionQueue queue() {
        return fixture.engine.extensionQueues().stream().filter(q -> q.symbolicName().equals(EngineFixture.EXTENSION))
                .findFirst().orElseThrow();
    }

    private ExtensionHealth health() {
        return fixture.engine.extensions().stream().filter(h -> h.symbolicName().equals(EngineFixture.EXTENSION))
                .findFirst().orElseThrow();
    }

    private static FlowResult now(CompletableFuture<FlowResult> result) {
        assertTrue(result.isDone(), "answered at once");
        return result.join();
    }

    @Test
    void waitingMessagesRunInOrderAsTheSlotFreesAndAFullQueueIsRefusedAtOnce() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        CompletableFuture<FlowResult> second = send("/long", "2");
        CompletableFuture<FlowResult> third = send("/long", "3");
        assertEquals(2, queue().waiting());
        assertFalse(second.isDone());
        assertFalse(third.isDone());

        assertEquals(QUEUE_FULL, now(send("/long", "4")));
        assertEquals(2, queue().waiting(), "the refused message took no place");

        TestBladelets.gate.release(3);
        for (CompletableFuture<FlowResult> r : List.of(first, second, third)) {
            assertInstanceOf(FlowResult.Forward.class, r.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of("1", "2", "3"), TestBladelets.ORDER);
        assertEquals(1, TestBladelets.MOST_INSIDE.get(), "never more than the cap inside");
        ExtensionQueue after = queue();
        assertEquals(0, after.waiting());
        assertEquals(1, after.refused());
        assertEquals(2, after.granted());
        assertEquals(0, after.expired());
        assertTrue(after.waitedNanos() > 0, "the wait is measured");
        Await.until("the slot is free", () -> health().inFlight() == 0);
    }

    @Test
    void aNewcomerDoesNotOvertakeTheQueue() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        CompletableFuture<FlowResult> second = send("/long", "2");
        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        // the slot went to the waiting message, not to whoever asks next
        CompletableFuture<FlowResult> third = send("/long", "3");
        TestBladelets.gate.release(2);
        assertInstanceOf(FlowResult.Forward.class, second.get(10, TimeUnit.SECONDS));
        assertInstanceOf(FlowResult.Forward.class, third.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1", "2", "3"), TestBladelets.ORDER);
    }

    @Test
    void aMessageWhoseDeadlinePassesWhileWaitingGetsTheStepTimeoutAndLeavesTheQueue() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        long start = System.nanoTime();
        CompletableFuture<FlowResult> late = send("/short", "2");
        assertEquals(1, queue().waiting());

        assertEquals(new FlowResult.Reject(504, "step_timeout", "step 'short/1' of flow 'short' did not finish within 200 ms", List.of()),
                late.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(190).toNanos(), "not before its deadline");
        assertEquals(0, queue().waiting());
        assertEquals(1, queue().expired());
        assertEquals(0, health().timeouts(), "waiting is not the extension's failure");
        assertFalse(health().quarantined());

        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1"), TestBladelets.ORDER, "the expired message never ran");
        assertEquals(0, queue().granted());
    }

    @Test
    void aMessageThatGetsItsSlotInTimeRunsWithWhatIsLeftOfItsDeadline() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        CompletableFuture<FlowResult> waiting = send("/short", "2");
        TestBladelets.gate.release(2);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        assertInstanceOf(FlowResult.Forward.class, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1", "2"), TestBladelets.ORDER);
        assertEquals(0, queue().expired());
        assertEquals(1, queue().granted());
    }

    @Test
    void aMessageWhoseClientWentAwayLeavesTheQueueAndNeverRuns() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        TestRequestHead goes = head("/long", "2");
        CompletableFuture<FlowResult> gone = send(goes);
        CompletableFuture<FlowResult> third = send("/long", "3");
        assertEquals(2, queue().waiting());

        goes.leave();
        assertEquals(new FlowResult.Reject(499, "client_closed_request", "the client went away", List.of()), now(gone));
        assertEquals(1, queue().waiting());
        assertEquals(1, queue().abandoned());

        TestBladelets.gate.release(2);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        assertInstanceOf(FlowResult.Forward.class, third.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1", "3"), TestBladelets.ORDER, "the abandoned message never ran");
    }

    @Test
    void aMessageWhoseClientHasGoneStartsNoStep() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        TestRequestHead goes = head("/long", "1");
        goes.leave();
        assertEquals(new FlowResult.Reject(499, "client_closed_request", "the client went away", List.of()), now(send(goes)));
        assertEquals(List.of(), TestBladelets.ORDER);
        assertEquals(0, health().inFlight());
    }

    @Test
    void aQueueOfZeroAnswersAtTheCapAtOnceAsBefore() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"0\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        assertEquals(new FlowResult.Reject(503, "extension_overloaded",
                "step 'long/1' of flow 'long' has as many messages running as its extension may",
                List.of(Map.entry("Retry-After", "1"))), now(send("/long", "2")));
        assertEquals(0, queue().waiting());
        assertEquals(1, queue().refused());
        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1"), TestBladelets.ORDER);
    }

    @Test
    void aQuarantineEmptiesTheQueueWithTheQuarantineAnswer() throws Exception {
        flows("extension-concurrency=\"2\" extension-queue=\"2\" quarantine-failures=\"1\"");
        TestBladelets.entered = new CountDownLatch(2);
        CompletableFuture<FlowResult> running = send("/long", "1");
        CompletableFuture<FlowResult> failing = send("/short", "2");
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<FlowResult> third = send("/long", "3");
        CompletableFuture<FlowResult> fourth = send("/long", "4");
        assertEquals(2, queue().waiting());

        // the short step's deadline passes inside the extension: a timeout, and one quarantines it
        assertEquals(504, ((FlowResult.Reject) failing.get(10, TimeUnit.SECONDS)).status());
        FlowResult.Reject quarantined = new FlowResult.Reject(503, "extension_quarantined",
                "step 'long/1' of flow 'long' belongs to a quarantined extension", List.of());
        assertEquals(quarantined, third.get(10, TimeUnit.SECONDS));
        assertEquals(quarantined, fourth.get(10, TimeUnit.SECONDS));
        assertEquals(0, queue().waiting());

        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, running.get(10, TimeUnit.SECONDS), "a step already running finishes");
        // the first two were sent together, so either may have entered first; the queued two never entered
        assertEquals(java.util.Set.of("1", "2"), java.util.Set.copyOf(TestBladelets.ORDER));
        assertEquals(2, TestBladelets.ORDER.size());
    }

    @Test
    void anExtensionThatStopsFailsItsQueueWithTheStoppedAnswer() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        CompletableFuture<FlowResult> waiting = send("/long", "2");
        BladeletProvider provider = fixture.engine.registry().extension(EngineFixture.EXTENSION).orElseThrow();
        // the stop waits for the step in flight, as a bundle's stop does
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> fixture.engine.registry().remove(provider, Duration.ofSeconds(10)));

        assertEquals(new FlowResult.Reject(503, "step_unavailable", "step 'long/1' of flow 'long' is not available", List.of()),
                waiting.get(10, TimeUnit.SECONDS));
        assertEquals(0, queue().waiting());
        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        stopped.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("1"), TestBladelets.ORDER);
    }

    @Test
    void aMessageWaitingThroughAnUpgradeRunsOnTheNewVersion() throws Exception {
        flows("extension-concurrency=\"1\" extension-queue=\"2\"");
        CompletableFuture<FlowResult> first = occupy("/long");
        CompletableFuture<FlowResult> waiting = send("/long", "2");
        BladeletProvider old = fixture.engine.registry().extension(EngineFixture.EXTENSION).orElseThrow();
        BladeletProvider next = fixture.startProvider(EngineFixture.EXTENSION, "2.0.0", true);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> fixture.engine.registry().remove(old, Duration.ofSeconds(10)));

        TestBladelets.entered = new CountDownLatch(1);
        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, first.get(10, TimeUnit.SECONDS));
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS), "the waiting message got the slot");
        assertEquals(1, next.inFlight(), "bound again when it got its slot: the version started last");
        assertEquals(0, old.inFlight());
        TestBladelets.gate.release(1);
        assertInstanceOf(FlowResult.Forward.class, waiting.get(10, TimeUnit.SECONDS), "the queue survives the upgrade");
        stopped.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("1", "2"), TestBladelets.ORDER);
    }
}
