package org.gatehouse.flow.engine.internal.engine;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.gatehouse.flow.engine.internal.run.StepOutcomeAudit;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.PolicyService;

/**
 * Audits each step outcome of an extension that the control module holds at the higher audit
 * level of a conditional enable ({@link PolicyService#auditsEveryUse}), as a {@code step.outcome}
 * event within the same budget as its permission uses (docs/extensions.md "Conditional enable").
 * The outcomes of every other extension cost one set lookup.
 */
final class StepOutcomeRecorder implements StepOutcomeAudit {
    static final String ACTION = "step.outcome";

    private final Supplier<PolicyService> control;
    private final Clock clock;

    StepOutcomeRecorder(Supplier<PolicyService> control, Clock clock) {
        this.control = control;
        this.clock = clock;
    }

    @Override
    public void ended(String symbolicName, String version, String what, String outcome, String detail) {
        PolicyService policies = control.get();
        if (policies == null || !policies.auditsEveryUse(symbolicName)) {
            return;
        }
        policies.recordUse(symbolicName, new AuditEvent(clock.instant(), ACTION, "ext:" + symbolicName + "/" + version,
                what + ": " + outcome, detail.isEmpty() ? List.of() : List.of(detail)));
    }
}
