package org.gatehouse.bench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gatehouse.policy.engine.decision.PolicySnapshot;
import org.gatehouse.policy.engine.decision.SnapshotDiff;
import org.gatehouse.policy.engine.merge.MergeResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The snapshot benchmark measures what it says: 1,000 policies merged, every swap changes 2,000 grants. */
class PolicySnapshotBenchmarkTest {
    private static PolicySnapshotBenchmark bench;

    @BeforeAll
    static void setUp() throws Exception {
        bench = new PolicySnapshotBenchmark();
        bench.setUp();
    }

    @Test
    void everyExtensionIsMergedWithItsExitVmRejected() throws Exception {
        PolicySnapshot snapshot = bench.buildSnapshot();
        assertEquals(PolicySnapshotBenchmark.EXTENSIONS, snapshot.merges().size());
        MergeResult last = snapshot.merge("ext:com.acme.ext999/1.0.0").orElseThrow();
        assertEquals(2, last.granted().size());
        assertEquals(1, last.rejected().size());
    }

    @Test
    void eachSwapGrantsAndRevokesEveryExtensionsSocket() throws Exception {
        for (int swap = 0; swap < 2; swap++) {
            SnapshotDiff diff = bench.buildAndSwap();
            assertEquals(PolicySnapshotBenchmark.EXTENSIONS, diff.granted().size());
            assertEquals(PolicySnapshotBenchmark.EXTENSIONS, diff.revoked().size());
        }
    }

    @Test
    void documentsParseIntoOnePolicyEach() throws Exception {
        assertEquals(PolicySnapshotBenchmark.EXTENSIONS, bench.parseExtensionPolicies().size());
    }
}
