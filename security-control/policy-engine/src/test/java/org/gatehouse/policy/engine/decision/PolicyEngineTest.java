package org.gatehouse.policy.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock();
    private PolicyEngine engine;
    private SystemPolicy system;

    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        system = TestPolicies.system();
        engine = new PolicyEngine(events::add, clock, Duration.ofSeconds(10));
        engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, TestPolicies.extension("acme-limiter.xml"))));
        events.clear();
    }

    private Decision check(String type, String name, String actions) {
        return engine.check(TestPolicies.LIMITER, "com.acme.Limiter", type, name, actions);
    }

    @Test
    void restrictionBeatsABroaderGrant() {
        assertEquals(new Decision(true, "extension grant: file /data/reports/- read"), check("file", "/data/reports/q1.csv", "read"));
        assertEquals(new Decision(false, "restriction: file /data/keys/- delete,execute,read,write"),
                check("file", "/data/keys/../keys/k1", "read"));
    }

    @Test
    void decisionOrderIsRestrictionExtensionDefaultThenDeny() {
        assertEquals(new Decision(false, "restriction: runtime exitVM"), check("runtime", "exitVM", ""));
        assertEquals(new Decision(true, "extension grant: socket 127.0.0.1:6379 connect"), check("socket", "127.0.0.1:6379", "connect"));
        assertEquals(new Decision(true, "default grant: file /var/gh/extensions/com.acme.limiter/- read,write"),
                check("file", "/var/gh/extensions/com.acme.limiter/state.bin", "write"));
        assertEquals(new Decision(false, "not granted"), check("socket", "127.0.0.1:6380", "connect"));
        assertEquals(new Decision(false, "not granted"), check("file", "/etc/passwd", "read"));
    }

    @Test
    void everyActionMustBeAllowed() {
        assertTrue(check("file", "/var/gh/extensions/com.acme.limiter/x", "read,write").allowed());
        assertEquals(new Decision(false, "not granted"), check("file", "/data/reports/x", "read,write"));
    }

    @Test
    void anotherExtensionsDataFolderIsNotOwn() {
        assertFalse(check("file", "/var/gh/extensions/org.example.other/secret", "read").allowed());
    }

    @Test
    void unknownTypeAndMalformedNamesAreDenied() {
        assertEquals(new Decision(false, "unknown permission type vault"), check("vault", "x", "read"));
        assertEquals(new Decision(false, "malformed request: file name [relative] is not an absolute path"), check("file", "relative", "read"));
    }

    @Test
    void denialMessageNamesCodebaseClassPermissionAndRule() {
        assertEquals("denied: codebase [ext:com.acme.limiter/1.2.0], class [com.acme.Limiter], permission [file /etc/passwd read], rule [not granted]",
                PolicyEngine.denialMessage("ext:com.acme.limiter/1.2.0", "com.acme.Limiter", "file", "/etc/passwd", "read", "not granted"));
    }

    @Test
    void decisionsAreCachedPerGeneration() throws Exception {
        PolicySnapshot first = engine.current();
        check("socket", "127.0.0.1:6379", "connect");
        check("socket", "127.0.0.1:6379", "connect");
        assertEquals(1, first.cachedDecisions());
        ExtensionPolicy narrower = new ExtensionPolicy("narrow.xml", List.of(
                new PolicyEntry(Permission.of("socket", "127.0.0.1:6380", "connect"), "narrow.xml /extension-policy/permission[1]")));
        engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, narrower)));
        assertNotSame(first, engine.current());
        assertEquals(first.generation() + 1, engine.current().generation());
        assertEquals(0, engine.current().cachedDecisions(), "a new generation starts with no cached decisions");
        assertFalse(check("socket", "127.0.0.1:6379", "connect").allowed(), "the revoked grant no longer allows");
        assertTrue(check("socket", "127.0.0.1:6380", "connect").allowed());
    }

    @Test
    void swapIsAuditedWithGrantedAndRevoked() {
        ExtensionPolicy narrower = new ExtensionPolicy("narrow.xml", List.of(
                new PolicyEntry(Permission.of("socket", "127.0.0.1:6380", "connect"), "narrow.xml /extension-policy/permission[1]")));
        SnapshotDiff diff = engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, narrower)));
        assertEquals(List.of("ext:com.acme.limiter/1.2.0 socket 127.0.0.1:6380 connect"), diff.granted());
        assertEquals(3, diff.revoked().size());
        AuditEvent swap = events.get(0);
        assertEquals(AuditEvent.POLICY_SWAP, swap.action());
        assertEquals("policy generation 2 replaces 1: 1 granted, 3 revoked", swap.summary());
        assertEquals(List.of("granted ext:com.acme.limiter/1.2.0 socket 127.0.0.1:6380 connect",
                "revoked ext:com.acme.limiter/1.2.0 socket 127.0.0.1:6379 connect",
                "revoked ext:com.acme.limiter/1.2.0 file /data/reports/- read",
                "revoked ext:com.acme.limiter/1.2.0 file /var/gh/extensions/com.acme.limiter/cache/- read"), swap.details());
    }

    @Test
    void everySwapIsCountedAndNamesItsGeneration() {
        assertEquals(1, engine.swaps());
        engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES, List.of());
        assertEquals(2, engine.swaps());
        assertEquals(2, engine.current().generation());
        assertEquals(0, new PolicyEngine(events::add, clock, Duration.ofSeconds(10)).swaps(), "the initial deny-all generation is no swap");
    }

    @Test
    void denialsAreCountedPerCodebase() {
        check("file", "/etc/passwd", "read");
        check("file", "/etc/passwd", "read");
        engine.check(TestPolicies.LIMITER, "com.acme.Limiter", "runtime", "exitVM", "");
        engine.denied("unknown", "com.acme.Stray", "file", "/etc/passwd", "read", "unknown class loader");
        assertEquals(java.util.Map.of("ext:com.acme.limiter/1.2.0", 3L, "unknown", 1L), engine.denials().byCodebase());
    }

    @Test
    void rejectionsAreAuditedWhenTheyAppear() throws Exception {
        PolicyEngine fresh = new PolicyEngine(events::add, clock, Duration.ofSeconds(10));
        fresh.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, TestPolicies.extension("acme-limiter.xml"))));
        AuditEvent rejected = events.stream().filter(e -> e.action().equals(AuditEvent.POLICY_REJECTED)).findFirst().orElseThrow();
        assertEquals("ext:com.acme.limiter/1.2.0", rejected.subject());
        assertEquals(6, rejected.details().size());
        events.clear();
        fresh.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, TestPolicies.extension("acme-limiter.xml"))));
        assertEquals(List.of(AuditEvent.POLICY_SWAP), events.stream().map(AuditEvent::action).toList(), "unchanged rejections are not repeated");
    }

    @Test
    void denialsAreCountedEveryTimeButAuditedAtALimitedRate() {
        for (int i = 0; i < 5; i++) {
            check("file", "/etc/passwd", "read");
        }
        check("file", "/etc/shadow", "read");
        assertEquals(6, engine.denials().total());
        assertEquals(6, engine.denials().denials("ext:com.acme.limiter/1.2.0"));
        assertEquals(2, events.size(), "one event per codebase and permission per window");
        assertEquals("denied: codebase [ext:com.acme.limiter/1.2.0], class [com.acme.Limiter], permission [file /etc/passwd read], rule [not granted]",
                events.get(0).summary());
        clock.now = clock.now.plusSeconds(11);
        check("file", "/etc/passwd", "read");
        assertEquals(3, events.size());
        assertEquals(List.of("4 more such denials in the previous window of 10s were counted but not audited one by one"),
                events.get(2).details());
        check("socket", "127.0.0.1:6379", "connect");
        assertEquals(3, events.size(), "allowed requests are not audited");
    }

    @Test
    void previewShowsTheMergeAndTheChangeWithoutInstalling() throws Exception {
        PolicySnapshot before = engine.current();
        ExtensionPolicy wider = new ExtensionPolicy("wider.xml", List.of(
                new PolicyEntry(Permission.of("socket", "127.0.0.1:6379", "connect"), "wider.xml /extension-policy/permission[1]"),
                new PolicyEntry(Permission.of("socket", "127.0.0.1:5432", "connect"), "wider.xml /extension-policy/permission[2]"),
                new PolicyEntry(Permission.of("runtime", "exitVM", ""), "wider.xml /extension-policy/permission[3]")));
        PolicyPreview preview = engine.preview(TestPolicies.LIMITER, wider);
        assertSame(before, engine.current(), "nothing installed");
        assertEquals(2, preview.merge().granted().size());
        assertEquals(1, preview.merge().rejected().size());
        assertEquals(List.of("ext:com.acme.limiter/1.2.0 socket 127.0.0.1:5432 connect"), preview.change().granted());
        assertEquals(List.of("ext:com.acme.limiter/1.2.0 file /data/reports/- read",
                "ext:com.acme.limiter/1.2.0 file /var/gh/extensions/com.acme.limiter/cache/- read"), preview.change().revoked());
    }

    @Test
    void anExtensionTheGenerationDoesNotKnowGetsDefaultsAndRestrictionsOnly() {
        assertTrue(engine.check(TestPolicies.OTHER, "org.example.A", "property", "java.version", "read").allowed());
        assertFalse(engine.check(TestPolicies.OTHER, "org.example.A", "socket", "127.0.0.1:6379", "connect").allowed());
        assertFalse(engine.check(TestPolicies.OTHER, "org.example.A", "runtime", "exitVM", "").allowed());
    }
}
