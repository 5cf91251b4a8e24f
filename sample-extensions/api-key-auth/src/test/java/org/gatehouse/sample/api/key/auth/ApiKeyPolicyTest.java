package org.gatehouse.sample.api.key.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.sample.bundle.checks.SamplePolicyCheck;
import org.junit.jupiter.api.Test;

/** The sample's policy.xml merged by the element's policy engine under the vendor default system policy. */
class ApiKeyPolicyTest {
    private static final String BSN = "org.gatehouse.sample.api-key-auth";

    @Test
    void asksOnlyToReadItsOwnDataFolderAndGetsIt() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath(BSN);

        assertEquals(List.of(), policy.warnings());
        assertEquals(List.of(Permission.of("file", "/gh/data/extensions/" + BSN + "/-", "read")), policy.merge().grantedPermissions());
        assertTrue(policy.decide("file", policy.dataFolder() + "/api-keys.txt", "read").allowed());
    }

    @Test
    void nothingBeyondItsFolderIsAllowed() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath(BSN);

        assertFalse(policy.decide("file", "/gh/data/extensions/org.gatehouse.sample.header-rewrite/secrets.txt", "read").allowed());
        assertFalse(policy.decide("file", "/gh/conf/system-policy.xml", "read").allowed());
        assertFalse(policy.decide("socket", "127.0.0.1:443", "connect").allowed());
        assertFalse(policy.decide("runtime", "createThread", "").allowed());
    }
}
