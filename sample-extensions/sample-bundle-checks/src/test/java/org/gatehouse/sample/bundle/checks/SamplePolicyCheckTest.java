package org.gatehouse.sample.bundle.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.junit.jupiter.api.Test;

/** The policy check merges as the element does: what the vendor policy forbids is dropped and named. */
class SamplePolicyCheckTest {
    private static SamplePolicyCheck merged(String permissions) throws Exception {
        String xml = "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">" + permissions + "</extension-policy>";
        return SamplePolicyCheck.of("org.gatehouse.sample.probe",
                new PolicyParser(PermissionTypeRegistry.builtIns()).extensionPolicy("probe.xml", xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRestrictedPermissionIsDroppedWithItsReason() throws Exception {
        SamplePolicyCheck policy = merged("<permission type=\"socket\" name=\"127.0.0.1:8080\" actions=\"connect\"/>"
                + "<permission type=\"runtime\" name=\"exitVM\"/>");

        assertEquals(1, policy.merge().granted().size());
        assertEquals(1, policy.warnings().size());
        assertTrue(policy.warnings().get(0).contains("rejected [runtime exitVM] (probe.xml [1:169] /extension-policy/permission[2]): "
                + "intersects restriction [runtime exitVM]"), policy.warnings().get(0));
        assertFalse(policy.decide("runtime", "exitVM", "").allowed());
        assertTrue(policy.decide("socket", "127.0.0.1:8080", "connect").allowed());
    }

    @Test
    void theDataFolderVariableExpandsToTheSamplesOwnFolder() throws Exception {
        SamplePolicyCheck policy = merged("<permission type=\"file\" name=\"${extension.data}/-\" actions=\"read\"/>");

        assertEquals("/gh/data/extensions/org.gatehouse.sample.probe", policy.dataFolder());
        assertEquals(List.of(), policy.warnings());
        assertTrue(policy.decide("file", policy.dataFolder() + "/a.txt", "read").allowed());
    }
}
