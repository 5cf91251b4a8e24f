package org.gatehouse.policy.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The higher audit level of a conditional enable's extra-audit: every permission use of a covered
 * extension is audited, allowed and denied, within its budget; an extension not covered keeps
 * the normal level (allowed uses unaudited, denials once per window and permission).
 */
class UseAuditTest {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final PolicyEngineTest.MutableClock clock = new PolicyEngineTest.MutableClock();
    private PolicyEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        engine = new PolicyEngine(events::add, clock, Duration.ofSeconds(10));
        engine.apply(PermissionTypeRegistry.builtIns(), TestPolicies.system(), TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, TestPolicies.extension("acme-limiter.xml"))));
        events.clear();
    }

    private Decision check(String type, String name, String actions) {
        return engine.check(TestPolicies.LIMITER, "com.acme.Limiter", type, name, actions);
    }

    private List<String> actions() {
        return events.stream().map(AuditEvent::action).toList();
    }

    @Test
    void atTheNormalLevelAllowedUsesAreNotAuditedAndRepeatedDenialsOnce() {
        assertTrue(check("socket", "127.0.0.1:6379", "connect").allowed());
        assertFalse(check("socket", "127.0.0.1:6380", "connect").allowed());
        assertFalse(check("socket", "127.0.0.1:6380", "connect").allowed());

        assertEquals(List.of(AuditEvent.SANDBOX_DENIED), actions());
        assertEquals(2, engine.denials().denials(TestPolicies.LIMITER.id()));
    }

    @Test
    void atTheHigherLevelEveryAllowedAndDeniedUseIsAudited() {
        engine.uses().cover(TestPolicies.LIMITER.symbolicName(), true);

        assertTrue(check("socket", "127.0.0.1:6379", "connect").allowed());
        assertFalse(check("socket", "127.0.0.1:6380", "connect").allowed());
        assertFalse(check("socket", "127.0.0.1:6380", "connect").allowed());

        assertEquals(List.of(AuditEvent.SANDBOX_ALLOWED, AuditEvent.SANDBOX_DENIED, AuditEvent.SANDBOX_DENIED), actions());
        assertEquals("allowed: codebase [" + TestPolicies.LIMITER.id() + "], class [com.acme.Limiter], permission [socket 127.0.0.1:6379"
                + " connect], rule [extension grant: socket 127.0.0.1:6379 connect]", events.get(0).summary());
        assertEquals(TestPolicies.LIMITER.id(), events.get(1).subject());
        assertEquals(2, engine.denials().denials(TestPolicies.LIMITER.id()), "denials are still counted");
        // a denial the bridge makes by itself names the codebase by id
        engine.denied(TestPolicies.LIMITER.id(), "com.acme.Limiter", "reflection", "x", "", "sealed");
        assertEquals(4, events.size());

        engine.uses().cover(TestPolicies.LIMITER.symbolicName(), false);
        events.clear();
        assertTrue(check("socket", "127.0.0.1:6379", "connect").allowed());
        assertEquals(List.of(), actions(), "back at the normal level when the condition no longer holds");
    }

    @Test
    void theBudgetBoundsWhatIsAuditedAndTheRestIsCountedAndItsCountAudited() {
        engine.uses().cover(TestPolicies.LIMITER.symbolicName(), true);
        int over = 50;
        for (int i = 0; i < PolicyEngine.USE_AUDIT_BUDGET + over; i++) {
            check("socket", "127.0.0.1:6379", "connect");
        }
        assertEquals(PolicyEngine.USE_AUDIT_BUDGET, events.size());
        assertEquals(Map.of(TestPolicies.LIMITER.symbolicName(), (long) over), engine.uses().dropped());

        engine.uses().flush();
        assertEquals(PolicyEngine.USE_AUDIT_BUDGET, events.size(), "the window has not ended: its count waits");
        clock.now = clock.now.plusSeconds(10);
        engine.uses().flush();
        AuditEvent dropped = events.get(events.size() - 1);
        assertEquals(AuditEvent.AUDIT_DROPPED, dropped.action());
        assertEquals(TestPolicies.LIMITER.id(), dropped.subject());
        assertTrue(dropped.summary().startsWith(over + " audit event(s) of extension " + TestPolicies.LIMITER.symbolicName()
                + " past its budget of " + PolicyEngine.USE_AUDIT_BUDGET + " every 10s"), dropped.summary());

        events.clear();
        check("socket", "127.0.0.1:6379", "connect");
        assertEquals(List.of(AuditEvent.SANDBOX_ALLOWED), actions(), "a new window has its budget again");
    }

    @Test
    void aCountStillHeldIsAuditedWhenTheExtensionLeavesTheLevel() {
        engine.uses().cover(TestPolicies.LIMITER.symbolicName(), true);
        for (int i = 0; i < PolicyEngine.USE_AUDIT_BUDGET + 3; i++) {
            check("socket", "127.0.0.1:6380", "connect");
        }
        engine.uses().cover(TestPolicies.LIMITER.symbolicName(), false);
        assertEquals(AuditEvent.AUDIT_DROPPED, events.get(events.size() - 1).action());
        assertTrue(events.get(events.size() - 1).summary().startsWith("3 audit event(s)"));
    }
}
