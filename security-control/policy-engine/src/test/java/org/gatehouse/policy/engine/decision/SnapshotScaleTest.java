package org.gatehouse.policy.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.junit.jupiter.api.Test;

/** A snapshot from 1,000 extension policies, as the benchmark will build it (through the public API only). */
class SnapshotScaleTest {

    static List<ExtensionEntry> extensions(int count) {
        List<ExtensionEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Codebase codebase = Codebase.of("com.acme.ext" + i, "1.0.0", "gatehouse:extension:com.acme.ext" + i);
            entries.add(new ExtensionEntry(codebase, new ExtensionPolicy("ext" + i + ".xml", List.of(
                    new PolicyEntry(Permission.of("socket", "127.0.0.1:" + (2000 + i), "connect"), "p[1]"),
                    new PolicyEntry(Permission.of("file", "/data/ext" + i + "/-", "read,write"), "p[2]"),
                    new PolicyEntry(Permission.of("runtime", "exitVM", ""), "p[3]")))));
        }
        return entries;
    }

    @Test
    void thousandExtensionPoliciesMergeIntoOneSnapshot() throws Exception {
        List<ExtensionEntry> entries = extensions(1000);
        PolicySnapshot snapshot = PolicySnapshot.build(1, PermissionTypeRegistry.builtIns(), TestPolicies.system(), TestPolicies.VARIABLES, entries);
        assertEquals(1000, snapshot.merges().size());
        Codebase last = entries.get(999).codebase();
        assertEquals(2, snapshot.merge(last.id()).orElseThrow().granted().size());
        assertEquals(1, snapshot.merge(last.id()).orElseThrow().rejected().size());
        assertTrue(snapshot.decide(last, "socket", "127.0.0.1:2999", "connect").allowed());
        assertFalse(snapshot.decide(last, "socket", "127.0.0.1:2998", "connect").allowed(), "another extension's grant");
    }
}
