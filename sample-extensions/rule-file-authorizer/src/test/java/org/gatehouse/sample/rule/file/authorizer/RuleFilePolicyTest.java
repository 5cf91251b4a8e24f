package org.gatehouse.sample.rule.file.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatehouse.sample.bundle.checks.SamplePolicyCheck;
import org.junit.jupiter.api.Test;

/** The sample's empty policy.xml merged by the element's policy engine under the vendor default system policy. */
class RuleFilePolicyTest {
    private static final String BSN = "org.gatehouse.sample.rule-file-authorizer";

    @Test
    void asksForNothingAndTheDefaultsLetItUseItsDataFolder() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath(BSN);

        assertEquals(List.of(), policy.warnings());
        assertEquals(List.of(), policy.merge().grantedPermissions());
        assertTrue(policy.decide("file", policy.dataFolder() + "/access-rules.txt", "read").allowed());
        assertTrue(policy.decide("file", policy.dataFolder() + "/access-rules.txt", "write").allowed());
        assertTrue(policy.decide("file", policy.dataFolder() + "/access-rules.txt", "delete").allowed());
    }

    @Test
    void nothingBeyondItsFolderIsAllowed() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath(BSN);

        assertFalse(policy.decide("file", "/gh/conf/system-policy.xml", "read").allowed());
        assertFalse(policy.decide("file", "/gh/data/extensions/org.gatehouse.sample.api-key-auth/api-keys.txt", "read").allowed());
        assertFalse(policy.decide("file", "/gh/data/shared/team-rules.txt", "read").allowed(), "shared rules need a grant of their own");
        assertFalse(policy.decide("socket", "127.0.0.1:443", "connect").allowed());
        assertFalse(policy.decide("runtime", "createThread", "").allowed());
    }
}
