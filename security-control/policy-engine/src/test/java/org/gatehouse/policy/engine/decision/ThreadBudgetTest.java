package org.gatehouse.policy.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.junit.jupiter.api.Test;

/** docs/policy-language.md "The thread budget": the engine's side, given the live-thread count. */
class ThreadBudgetTest {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final PolicyEngine engine = new PolicyEngine(events::add, Clock.systemUTC(), Duration.ofSeconds(10));

    private void apply(SystemPolicy system) {
        engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES, List.of());
        events.clear();
    }

    private static SystemPolicy withBudget(SystemPolicy system, int budget) {
        return new SystemPolicy(system.source(), system.defaultGrants(), system.overridables(), system.restrictions(),
                system.allowedPackages(), budget);
    }

    private Decision start(int liveThreads) {
        return engine.checkThreadBudget(TestPolicies.LIMITER, "com.acme.Limiter", liveThreads);
    }

    @Test
    void startsUpToTheBudgetAreAllowedAndTheNextIsDeniedNamingIt() throws Exception {
        apply(withBudget(TestPolicies.system(), 3));
        assertEquals(new Decision(true, "thread budget 3"), start(0));
        assertEquals(new Decision(true, "thread budget 3"), start(2));
        assertEquals(new Decision(false, "thread budget 3"), start(3));
        assertEquals(new Decision(false, "thread budget 3"), start(40));
    }

    @Test
    void aDenialIsCountedAndAuditedLikeAnyOther() throws Exception {
        apply(withBudget(TestPolicies.system(), 1));
        start(1);
        assertEquals(1, engine.denials().denials("ext:com.acme.limiter/1.2.0"));
        assertEquals("denied: codebase [ext:com.acme.limiter/1.2.0], class [com.acme.Limiter], permission [runtime createThread],"
                + " rule [thread budget 1]", events.get(0).summary());
        assertTrue(start(0).allowed(), "a start within the budget is allowed");
        assertEquals(1, engine.denials().total(), "an allowed start is not counted");
    }

    @Test
    void withoutTheAttributeTheBudgetIsTheSchemaDefault() throws Exception {
        apply(TestPolicies.system());
        assertEquals(new Decision(true, "thread budget 16"), start(15));
        assertEquals(new Decision(false, "thread budget 16"), start(16));
    }

    @Test
    void aNewGenerationBringsItsBudget() throws Exception {
        apply(withBudget(TestPolicies.system(), 2));
        assertFalse(start(2).allowed());
        apply(withBudget(TestPolicies.system(), 5));
        assertEquals(new Decision(true, "thread budget 5"), start(2));
    }
}
