package org.gatehouse.sample.rate.limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.gatehouse.sample.bundle.checks.SamplePolicyCheck;
import org.junit.jupiter.api.Test;

/** The sample's policy.xml merged by the element's policy engine under the vendor default system policy. */
class RateLimiterPolicyTest {
    @Test
    void asksForNothingAndGetsNothingBeyondTheDefaults() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath("org.gatehouse.sample.rate-limiter");

        assertEquals(List.of(), policy.merge().granted());
        assertEquals(List.of(), policy.warnings());
        assertFalse(policy.decide("runtime", "createThread", "").allowed(), "buckets are dropped by the requests, not by a thread");
        assertFalse(policy.decide("socket", "127.0.0.1:6379", "connect").allowed(), "buckets live in memory, not in a shared store");
    }
}
