package org.gatehouse.sample.header.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatehouse.sample.bundle.checks.SamplePolicyCheck;
import org.junit.jupiter.api.Test;

/** The sample's policy.xml merged by the element's policy engine under the vendor default system policy. */
class HeaderRewritePolicyTest {
    @Test
    void asksForNothingAndGetsOnlyTheDefaults() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath("org.gatehouse.sample.header-rewrite");

        assertEquals(List.of(), policy.merge().granted());
        assertEquals(List.of(), policy.warnings());
        assertFalse(policy.decide("socket", "127.0.0.1:80", "connect").allowed());
        assertFalse(policy.decide("file", "/etc/passwd", "read").allowed());
        assertTrue(policy.decide("file", policy.dataFolder() + "/notes.txt", "read").allowed(), "the default grant still applies");
    }
}
