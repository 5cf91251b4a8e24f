package org.gatehouse.policy.engine.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.api.Version;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolicyMergerTest {
    private PolicyMerger merger;

    @BeforeEach
    void setUp() throws Exception {
        merger = new PolicyMerger(PermissionTypeRegistry.builtIns(), TestPolicies.system(), TestPolicies.VARIABLES);
    }

    @Test
    void eachEntryIsJudgedOnItsOwn() throws Exception {
        MergeResult result = merger.merge(TestPolicies.LIMITER, TestPolicies.extension("acme-limiter.xml"));
        assertEquals(List.of(
                Permission.of("socket", "127.0.0.1:6379", "connect"),
                Permission.of("file", "/data/reports/-", "read"),
                Permission.of("file", "/var/gh/extensions/com.acme.limiter/cache/-", "read")), result.grantedPermissions());
        assertEquals(List.of(
                "ext:com.acme.limiter/1.2.0 rejected [file /data/- read] (acme-limiter.xml [5:58] /extension-policy/permission[3]): "
                        + "intersects restriction [file /data/keys/- delete,execute,read,write] "
                        + "(system-policy.xml [18:62] /system-policy/restrictions/permission[2])",
                "ext:com.acme.limiter/1.2.0 rejected [runtime exitVM] (acme-limiter.xml [6:45] /extension-policy/permission[4]): "
                        + "intersects restriction [runtime exitVM] (system-policy.xml [17:47] /system-policy/restrictions/permission[1])",
                "ext:com.acme.limiter/1.2.0 rejected [socket 10.0.0.1:80 connect] (acme-limiter.xml [7:67] /extension-policy/permission[5]): "
                        + "not within any overridable element for codebase [ext:com.acme.limiter/1.2.0]",
                "ext:com.acme.limiter/1.2.0 rejected [vault secrets read] (acme-limiter.xml [8:59] /extension-policy/permission[6]): "
                        + "unknown permission type [vault]; known types: env, file, native, osgi, process, property, reflect, runtime, socket",
                "ext:com.acme.limiter/1.2.0 rejected [file reports/today read] (acme-limiter.xml [10:64] /extension-policy/permission[8]): "
                        + "file name [reports/today] must be an absolute path",
                "ext:com.acme.limiter/1.2.0 rejected [file ${gatehouse.conf}/element.xml write] (acme-limiter.xml [11:81] /extension-policy/permission[9]): "
                        + "intersects restriction [file /opt/gh/conf/- delete,write] "
                        + "(system-policy.xml [19:80] /system-policy/restrictions/permission[3])"), result.warnings());
    }

    @Test
    void grantsSayWhichElementAllowedThem() throws Exception {
        MergeResult result = merger.merge(TestPolicies.LIMITER, TestPolicies.extension("acme-limiter.xml"));
        assertEquals("within overridable: socket 127.0.0.1:1024-65535 connect,resolve (system-policy.xml [9:86] /system-policy/overridable[1]/permission[1])",
                result.granted().get(0).reason());
        assertEquals("within default grant: file /var/gh/extensions/com.acme.limiter/- read,write "
                + "(system-policy.xml [4:78] /system-policy/default-grants/permission[1])", result.granted().get(2).reason());
    }

    @Test
    void overridableElementsApplyOnlyToTheirCodebases() throws Exception {
        ExtensionPolicy policy = TestPolicies.extension("acme-limiter.xml");
        MergeResult outOfRange = merger.merge(TestPolicies.LIMITER_2, policy);
        assertEquals(List.of(Permission.of("file", "/var/gh/extensions/com.acme.limiter/cache/-", "read")),
                outOfRange.grantedPermissions(), "version 2.0.0 is outside [1.0,2.0): only the default grant remains");
        MergeResult other = merger.merge(TestPolicies.OTHER, policy);
        assertEquals(List.of(), other.grantedPermissions().stream().filter(p -> p.type().equals("socket")).toList());
    }

    @Test
    void locationAndSignerPatternsMustBothMatch() {
        ExtensionPolicy asks = new ExtensionPolicy("inline", List.of(
                new PolicyEntry(Permission.of("property", "gatehouse.home", "read"), "inline /extension-policy/permission[1]")));
        Codebase signed = new Codebase("org.x", Version.parse("1"), "gatehouse:extension:signed/x.jar", List.of("CN=Trusted Publisher, O=X"));
        Codebase unsigned = new Codebase("org.x", Version.parse("1"), "gatehouse:extension:signed/x.jar", List.of());
        Codebase elsewhere = new Codebase("org.x", Version.parse("1"), "gatehouse:extension:x.jar", List.of("CN=Trusted Publisher"));
        assertEquals(1, merger.merge(signed, asks).granted().size());
        assertEquals(1, merger.merge(unsigned, asks).rejected().size());
        assertEquals(1, merger.merge(elsewhere, asks).rejected().size());
    }

    @Test
    void anEmptyPolicyGrantsNothingAndWarnsOfNothing() {
        MergeResult result = merger.merge(TestPolicies.LIMITER, ExtensionPolicy.none("none"));
        assertTrue(result.granted().isEmpty());
        assertTrue(result.rejected().isEmpty());
    }

    @Test
    void restrictionsAreExpandedPerCodebase() {
        Optional<CompiledRule> conf = merger.restrictions(TestPolicies.LIMITER).stream()
                .filter(r -> r.permission().name().startsWith("/opt")).findFirst();
        assertEquals("restriction: file /opt/gh/conf/- delete,write", conf.orElseThrow().label());
    }
}
