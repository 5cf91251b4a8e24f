package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrade (docs/extensions.md "Upgrade"): the new version is started before the old one stops; new messages use the
 * new one at once, and stopping the old one waits for its messages in flight, which finish on it.
 */
class UpgradeTest {
    @TempDir
    java.nio.file.Path folder;

    private EngineFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(folder);
        TestBladelets.gate = new Semaphore(0);
        TestBladelets.entered = new CountDownLatch(1);
    }

    @AfterEach
    void stop() {
        TestBladelets.gate.release(100);
        fixture.close();
    }

    @Test
    void messageInFlightFinishesOnTheOldVersionWhileNewOnesUseTheNew() throws Exception {
        BladeletProvider v1 = fixture.startProvider(EngineFixture.EXTENSION, "1.0.0", true);
        fixture.replace("  <settings step-timeout=\"10s\"/>\n"
                + "  <message-type name=\"slow\" flow=\"slow\"><match path-prefix=\"/slow\"/></message-type>\n"
                + "  <message-type name=\"fast\" flow=\"fast\"><match path-prefix=\"/fast\"/></message-type>\n"
                + "  <flow name=\"slow\"><step bladelet=\"gate\" extension=\"" + EngineFixture.EXTENSION + "\"/></flow>\n"
                + "  <flow name=\"fast\"><step bladelet=\"trail\" extension=\"" + EngineFixture.EXTENSION + "\">"
                + "<param name=\"mark\" value=\"a\"/></step></flow>\n");
        TestRequestHead slow = TestRequestHead.get("/slow");
        CompletableFuture<FlowResult> inFlight = fixture.engine.classify(slow).run(slow, null).toCompletableFuture();
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/fast")), "builds v1's trail instance");

        BladeletProvider v2 = fixture.startProvider(EngineFixture.EXTENSION, "2.0.0", true);
        int closedBefore = TestBladelets.CLOSED.get();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() ->
                fixture.engine.registry().remove(v1, Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertFalse(stopping.isDone(), "stopping v1 waits for its message in flight");
        assertEquals(1, v1.inFlight());

        FlowResult.Forward fresh = assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/fast")));
        assertEquals("a (saw header none)", EngineFixture.header(fresh, "X-Trail"), "served by v2 while v1 drains");
        assertEquals(1, v1.inFlight(), "v1 took no new message");
        assertEquals("2.0.0", fixture.engine.extensions().get(0).version());

        TestBladelets.gate.release();
        FlowResult.Forward finished = assertInstanceOf(FlowResult.Forward.class, inFlight.get(10, TimeUnit.SECONDS));
        assertEquals("passed", EngineFixture.header(finished, "X-Gate"), "the old version finished its message: no failure");
        stopping.get(10, TimeUnit.SECONDS);
        assertEquals(0, v1.inFlight());
        assertTrue(TestBladelets.CLOSED.get() > closedBefore, "v1's instances closed once it drained");
        assertEquals(0, fixture.engine.extensions().get(0).failures());
        assertEquals(0, v2.inFlight());
    }

    @Test
    void replacedDocumentClosesItsInstancesOnceItsMessagesEnd() throws Exception {
        fixture.startProvider(EngineFixture.EXTENSION, "1.0.0", true);
        String doc = "  <message-type name=\"fast\" flow=\"fast\"><match/></message-type>\n"
                + "  <flow name=\"fast\"><step bladelet=\"trail\" extension=\"" + EngineFixture.EXTENSION + "\">"
                + "<param name=\"mark\" value=\"a\"/></step></flow>\n";
        fixture.replace(doc);
        fixture.send(TestRequestHead.get("/"));
        int closedBefore = TestBladelets.CLOSED.get();
        fixture.replace(doc);
        assertEquals(closedBefore + 1, TestBladelets.CLOSED.get(), "generation 1 had no message running: closed at once");
    }

    @Test
    void messageInFlightFinishesItsFlowAcrossAReplacementWithOtherSettings() throws Exception {
        fixture.startProvider(EngineFixture.EXTENSION, "1.0.0", true);
        String flow = "  <message-type name=\"slow\" flow=\"slow\"><match/></message-type>\n"
                + "  <flow name=\"slow\"><step bladelet=\"gate\" extension=\"" + EngineFixture.EXTENSION + "\"/>"
                + "<step bladelet=\"trail\" extension=\"" + EngineFixture.EXTENSION + "\"><param name=\"mark\" value=\"a\"/></step></flow>\n";
        fixture.replace("  <settings step-threads=\"4\" step-timeout=\"10s\"/>\n" + flow);
        TestRequestHead head = TestRequestHead.get("/");
        CompletableFuture<FlowResult> inFlight = fixture.engine.classify(head).run(head, null).toCompletableFuture();
        assertTrue(TestBladelets.entered.await(10, TimeUnit.SECONDS));
        fixture.replace("  <settings step-threads=\"2\" step-timeout=\"10s\"/>\n" + flow.replace("value=\"a\"", "value=\"b\""));
        TestBladelets.gate.release();
        FlowResult.Forward finished = assertInstanceOf(FlowResult.Forward.class, inFlight.get(10, TimeUnit.SECONDS));
        assertEquals("a (saw header none)", EngineFixture.header(finished, "X-Trail"), "its second step ran on the old document's threads");
        TestBladelets.gate.release();
        FlowResult.Forward next = assertInstanceOf(FlowResult.Forward.class, fixture.send(head));
        assertEquals("b (saw header none)", EngineFixture.header(next, "X-Trail"));
    }
}
