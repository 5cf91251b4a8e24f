package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/data-plane.md "The fast path": traffic no message type claims takes the fast path; classify runs on the event loop
 * for every request, so a miss must not allocate. Measured with the JVM's per-thread allocation counter.
 */
class ClassifyAllocationTest extends StartedEngineFixture {
    @BeforeEach
    void start() throws Exception {
        fixture.replace("  <message-type name=\"admin\" flow=\"f\"><match listener=\"admin\"/></message-type>\n"
                + "  <message-type name=\"api\" flow=\"f\"><match listener=\"public\" methods=\"POST\" host=\"*.example.com\" "
                + "path-prefix=\"/api\"/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"fail\" extension=\"" + EngineFixture.EXTENSION + "\"/></flow>\n");
    }

    @Test
    void missesAllocateNothing() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "per-thread allocation counting is available");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        TestRequestHead otherListener = TestRequestHead.get("/api/x").listener("tcp-side");
        TestRequestHead otherPath = TestRequestHead.get("/static/logo.png").method("POST").authority("www.example.com:443");
        assertNull(fixture.engine.classify(otherListener), "a listener no message type names");
        assertNull(fixture.engine.classify(otherPath), "a path no match takes");
        for (int i = 0; i < 20_000; i++) { // let the JIT settle first
            fixture.engine.classify(otherListener);
            fixture.engine.classify(otherPath);
        }
        long id = Thread.currentThread().getId();
        long before = counter.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            fixture.engine.classify(otherListener);
        }
        long mid = counter.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            fixture.engine.classify(otherPath);
        }
        long after = counter.getThreadAllocatedBytes(id);
        // a little slack for what the measuring itself may allocate
        assertTrue(mid - before < 1024, "100000 misses by listener allocated " + (mid - before) + " bytes");
        assertTrue(after - mid < 1024, "100000 misses by condition allocated " + (after - mid) + " bytes");
    }
}
