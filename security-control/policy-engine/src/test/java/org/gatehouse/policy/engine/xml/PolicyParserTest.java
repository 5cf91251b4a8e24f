package org.gatehouse.policy.engine.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;

class PolicyParserTest {
    private final PolicyParser parser = new PolicyParser(PermissionTypeRegistry.builtIns());

    @Test
    void readsTheSystemPolicyWithOrigins() throws Exception {
        SystemPolicy policy = TestPolicies.system();
        assertEquals(2, policy.defaultGrants().size());
        assertEquals(Permission.of("file", "${extension.data}/-", "read,write"), policy.defaultGrants().get(0).permission());
        assertEquals(2, policy.overridables().size());
        assertTrue(policy.overridables().get(0).appliesTo(TestPolicies.LIMITER));
        assertFalse(policy.overridables().get(0).appliesTo(TestPolicies.LIMITER_2), "version range [1.0,2.0)");
        assertEquals("system-policy.xml [18:62] /system-policy/restrictions/permission[2]", policy.restrictions().get(1).origin());
        assertEquals(List.of("org.gatehouse.sdk.*"), policy.allowedPackages());
    }

    @Test
    void theThreadBudgetIsReadAndDefaultsToSixteen() throws Exception {
        assertEquals(16, TestPolicies.system().maxThreadsPerExtension());
        SystemPolicy written = parser.systemPolicy("budget.xml", new java.io.ByteArrayInputStream(
                budgetPolicy("3").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(3, written.maxThreadsPerExtension());
    }

    @Test
    void aThreadBudgetBelowOneIsRefusedWithItsAttribute() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> parser.systemPolicy("budget.xml",
                new java.io.ByteArrayInputStream(budgetPolicy("0").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("budget.xml [1:"), e.getMessage());
        assertTrue(e.getMessage().contains("'0'") && e.getMessage().contains("ThreadBudget"), e.getMessage());
    }

    private static String budgetPolicy(String budget) {
        return "<system-policy xmlns=\"urn:gatehouse:system-policy:1\" max-threads-per-extension=\"" + budget + "\"/>";
    }

    @Test
    void theShippedDefaultPolicyIsValid() throws Exception {
        try (InputStream in = PolicyParser.class.getResourceAsStream("/org/gatehouse/policy/engine/default-system-policy.xml")) {
            SystemPolicy policy = parser.systemPolicy("default-system-policy.xml", in);
            assertTrue(policy.restrictions().stream().anyMatch(e -> e.permission().equals(Permission.of("runtime", "exitVM", ""))));
            assertTrue(policy.allowedPackages().contains("org.gatehouse.sdk"));
            assertEquals(16, policy.maxThreadsPerExtension());
            assertTrue(policy.defaultGrants().stream().anyMatch(e -> e.permission().equals(
                    Permission.of("osgi", "service:org.osgi.framework.hooks.*", "get"))), "the framework's own hook lookups");
            assertTrue(policy.restrictions().stream().anyMatch(e -> e.permission().equals(
                    Permission.of("osgi", "hook:*", "*"))));
        }
    }

    @Test
    void unknownTypeInTheSystemPolicyIsRefusedWithItsElement() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> parser.systemPolicy(TestPolicies.resource("bad-type.xml")));
        assertEquals("bad-type.xml [5:58] /system-policy/restrictions/permission[2]: unknown permission type [vault]; "
                + "known types: env, file, native, osgi, process, property, reflect, runtime, socket", e.getMessage());
    }

    @Test
    void unknownActionInTheSystemPolicyIsRefusedWithItsElement() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> parser.systemPolicy(TestPolicies.resource("bad-actions.xml")));
        assertEquals("bad-actions.xml [6:74] /system-policy/overridable[1]/permission[2]: unknown action [fly] for type socket; "
                + "expected one of accept, connect, listen, resolve, or *", e.getMessage());
    }

    @Test
    void emptyVersionRangeIsRefused() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> parser.systemPolicy(TestPolicies.resource("empty-range.xml")));
        assertEquals("empty-range.xml [4:63] /system-policy/overridable[1]/codebase[1]: version range [[2.0,1.0)] is empty: "
                + "its floor is above its ceiling", e.getMessage());
    }

    @Test
    void customTypesAreKnownOnceRegistered() throws Exception {
        PolicyParser extended = new PolicyParser(PermissionTypeRegistry.builtIns()
                .with(new org.gatehouse.policy.engine.spi.NamedPermissionType("vault", java.util.Set.of("read"))));
        assertEquals(2, extended.systemPolicy(TestPolicies.resource("bad-type.xml")).restrictions().size());
    }

    @Test
    void extensionPolicyKeepsEveryEntryForTheMerge() throws Exception {
        ExtensionPolicy policy = TestPolicies.extension("acme-limiter.xml");
        assertEquals(9, policy.permissions().size());
        assertEquals("acme-limiter.xml [8:59] /extension-policy/permission[6]", policy.permissions().get(5).origin());
        assertEquals(Permission.of("vault", "secrets", "read"), policy.permissions().get(5).permission());
    }

    @Test
    void extensionPolicyCannotCarryRestrictions() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> parser.extensionPolicy(TestPolicies.resource("with-restriction.xml")));
        assertEquals("with-restriction.xml [3:18] /extension-policy/restrictions[1]: Invalid content was found starting with "
                + "element '{\"urn:gatehouse:extension-policy:1\":restrictions}'. "
                + "One of '{\"urn:gatehouse:extension-policy:1\":permission}' is expected.", e.getMessage());
    }
}
