package org.gatehouse.policy.engine.decision;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.audit.DenialAuditor;
import org.gatehouse.policy.engine.audit.UseAuditor;
import org.gatehouse.policy.engine.merge.MergeResult;
import org.gatehouse.policy.engine.merge.RejectedPermission;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;

/**
 * Holds the current {@link PolicySnapshot} and answers requests against it. The check path reads
 * one {@link AtomicReference} and takes no lock; {@link #apply} builds the next generation aside
 * and swaps it in atomically, auditing the permissions granted and revoked (docs/policy-language.md "Runtime swap"). Denials are
 * counted and audited at a limited rate (docs/policy-language.md "Decisions").
 *
 * <pre>{@code
 * PolicyEngine engine = new PolicyEngine(new LoggerAuditSink(), Clock.systemUTC(), Duration.ofSeconds(10));
 * engine.apply(PermissionTypeRegistry.builtIns(), system, variables, extensions);
 * Decision d = engine.check(codebase, "com.acme.Limiter", "file", "/etc/passwd", "read");
 * }</pre>
 */
public final class PolicyEngine {
    /** Subject of events about the policy as a whole. */
    public static final String SYSTEM_SUBJECT = "system";
    /** Events an extension at the higher audit level may have audited one by one per denial audit window. */
    public static final int USE_AUDIT_BUDGET = 200;

    private final AtomicReference<PolicySnapshot> current;
    private final AuditSink sink;
    private final Clock clock;
    private final DenialAuditor denials;
    private final UseAuditor uses;
    private final LongAdder swaps = new LongAdder();

    public PolicyEngine(AuditSink sink, Clock clock, Duration denialAuditWindow) {
        this.sink = sink;
        this.clock = clock;
        this.denials = new DenialAuditor(sink, clock, denialAuditWindow);
        this.uses = new UseAuditor(sink, clock, USE_AUDIT_BUDGET, denialAuditWindow);
        this.current = new AtomicReference<>(PolicySnapshot.build(0, PermissionTypeRegistry.builtIns(),
                SystemPolicy.denyAll("none"), PolicyVariables.of("/", "/", "/"), List.of()));
    }

    /** The generation every check is decided against right now. */
    public PolicySnapshot current() {
        return current.get();
    }

    /**
     * Builds the next generation from these inputs, swaps it in and audits the change. Writers are
     * serialised; readers never wait.
     */
    public synchronized SnapshotDiff apply(PermissionTypeRegistry registry, SystemPolicy system, PolicyVariables variables,
                                           List<ExtensionEntry> extensions) {
        PolicySnapshot before = current.get();
        PolicySnapshot next = PolicySnapshot.build(before.generation() + 1, registry, system, variables, extensions);
        current.set(next);
        swaps.increment();
        SnapshotDiff diff = SnapshotDiff.between(before.grantsByCodebase(), next.grantsByCodebase());
        auditSwap(before, next, diff);
        return diff;
    }

    /** Merges a policy for a codebase against the current generation, installing nothing. */
    public PolicyPreview preview(Codebase codebase, ExtensionPolicy policy) {
        PolicySnapshot now = current.get();
        MergeResult merge = now.merger().merge(codebase, policy);
        List<Permission> before = now.merge(codebase.id()).map(MergeResult::grantedPermissions).orElse(List.of());
        SnapshotDiff change = SnapshotDiff.between(Map.of(codebase.id(), before), Map.of(codebase.id(), merge.grantedPermissions()));
        return new PolicyPreview(merge, change);
    }

    /**
     * Decides a request from extension code. A denial is counted and audited; the caller turns it
     * into the sandbox's exception with {@link #denialMessage}.
     */
    public Decision check(Codebase codebase, String className, String type, String name, String actions) {
        Decision decision = current.get().decide(codebase, type, name, actions);
        if (!decision.allowed()) {
            denied(codebase.id(), className, type, name, actions, decision.rule());
        } else if (uses.covers(codebase.symbolicName())) {
            uses.record(codebase.symbolicName(), new AuditEvent(clock.instant(), AuditEvent.SANDBOX_ALLOWED, codebase.id(),
                    "allowed: codebase [" + codebase.id() + "], class [" + className + "], permission [" + permission(type, name, actions)
                            + "], rule [" + decision.rule() + "]", List.of()));
        }
        return decision;
    }

    /**
     * Whether the current snapshot allows the request, with nothing counted or audited: the
     * sandbox's first, cheap question; a request it does not allow is then decided by
     * {@link #check}.
     */
    public boolean allows(Codebase codebase, String type, String name, String actions) {
        return current.get().decide(codebase, type, name, actions).allowed();
    }

    /**
     * Decides starting one more thread for a codebase already granted {@code runtime createThread}
     * that has {@code liveThreads} threads alive (docs/policy-language.md "The thread budget"):
     * denied, counted and audited by the rule {@code thread budget N} when one more would exceed
     * the system policy's {@code max-threads-per-extension}.
     */
    public Decision checkThreadBudget(Codebase codebase, String className, int liveThreads) {
        int budget = current.get().system().maxThreadsPerExtension();
        if (liveThreads < budget) {
            return Decision.allow(threadBudgetRule(budget));
        }
        Decision decision = Decision.deny(threadBudgetRule(budget));
        denied(codebase.id(), className, "runtime", "createThread", "", decision.rule());
        return decision;
    }

    private static String threadBudgetRule(int budget) {
        return "thread budget " + budget;
    }

    /** Counts and audits a denial decided outside the snapshot (e.g. code of an unknown class loader). */
    public void denied(String codebase, String className, String type, String name, String actions, String rule) {
        String symbolicName = symbolicNameOf(codebase);
        if (symbolicName != null && uses.covers(symbolicName)) {
            // the higher audit level: each denial audited within the extension's budget, not once per window and permission
            denials.count(codebase);
            uses.record(symbolicName, new AuditEvent(clock.instant(), AuditEvent.SANDBOX_DENIED, codebase,
                    denialMessage(codebase, className, type, name, actions, rule), List.of()));
            return;
        }
        denials.denied(codebase, permission(type, name, actions),
                () -> denialMessage(codebase, className, type, name, actions, rule));
    }

    /** The symbolic name in a codebase id {@code ext:<symbolic name>/<version>}, or null for any other subject. */
    static String symbolicNameOf(String codebaseId) {
        int slash = codebaseId.lastIndexOf('/');
        return codebaseId.startsWith("ext:") && slash > 4 ? codebaseId.substring(4, slash) : null;
    }

    /**
     * The higher audit level of a conditional enable's {@code extra-audit}: every permission use of
     * the covered extensions audited, within a budget (docs/extensions.md "Conditional enable").
     */
    public UseAuditor uses() {
        return uses;
    }

    /**
     * The one denial message: {@code denied: codebase [..], class [..], permission [..], rule [..]}.
     */
    public static String denialMessage(String codebase, String className, String type, String name, String actions, String rule) {
        return "denied: codebase [" + codebase + "], class [" + className + "], permission ["
                + permission(type, name, actions) + "], rule [" + rule + "]";
    }

    private static String permission(String type, String name, String actions) {
        return actions == null || actions.isEmpty() ? type + " " + name : type + " " + name + " " + actions;
    }

    /**
     * Generations swapped in since this engine was made (docs/management.md "Metrics": a metric per swap). Equal to the
     * current generation today; counted apart so the metric keeps its meaning should generations
     * ever be numbered from a persisted value.
     */
    public long swaps() {
        return swaps.sum();
    }

    /** Denial counts and rate-limited auditing. */
    public DenialAuditor denials() {
        return denials;
    }

    private void auditSwap(PolicySnapshot before, PolicySnapshot next, SnapshotDiff diff) {
        List<String> details = new ArrayList<>();
        diff.granted().forEach(g -> details.add("granted " + g));
        diff.revoked().forEach(r -> details.add("revoked " + r));
        sink.record(new AuditEvent(clock.instant(), AuditEvent.POLICY_SWAP, SYSTEM_SUBJECT,
                "policy generation " + next.generation() + " replaces " + before.generation() + ": "
                        + diff.granted().size() + " granted, " + diff.revoked().size() + " revoked",
                details));
        next.merges().forEach((id, merge) -> {
            List<RejectedPermission> was = before.merge(id).map(MergeResult::rejected).orElse(List.of());
            if (!merge.rejected().isEmpty() && !was.equals(merge.rejected())) {
                sink.record(new AuditEvent(clock.instant(), AuditEvent.POLICY_REJECTED, id,
                        merge.rejected().size() + " permission(s) of " + merge.source() + " rejected", merge.warnings()));
            }
        });
    }

    /** The merge of one extension in the current generation, if it is installed. */
    public Optional<MergeResult> merge(String codebaseId) {
        return current.get().merge(codebaseId);
    }
}
