package org.gatehouse.policy.engine.decision;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.policy.engine.merge.MergeResult;
import org.gatehouse.policy.engine.merge.PolicyMerger;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.PolicyView;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;

/**
 * One immutable generation of the whole policy: the system policy, every extension's merge and
 * the rules compiled from them, plus a cache of decisions made against this generation. A new
 * generation is a new snapshot, so the cache never outlives the policy it was made for.
 *
 * <pre>{@code
 * PolicySnapshot s = PolicySnapshot.build(1, registry, system, variables, extensions);
 * Decision d = s.decide(codebase, "file", "/etc/passwd", "read");
 * }</pre>
 */
public final class PolicySnapshot {
    /** Decisions kept per generation; past this, decisions are computed but not kept. */
    static final int MAX_CACHED_DECISIONS = 100_000;

    private final long generation;
    private final PolicyMerger merger;
    private final Map<String, MergeResult> merges;
    private final Map<String, CodebaseRules> rules;
    private final Map<DecisionKey, Decision> cache = new ConcurrentHashMap<>();
    /** Rules of extensions this generation was not built with (installed since), compiled once each. */
    private final Map<Codebase, CodebaseRules> latecomers = new ConcurrentHashMap<>();

    /** Keyed by the codebase record itself: no string is built on the check path. */
    private record DecisionKey(Codebase codebase, String type, String name, String actions) {}

    private PolicySnapshot(long generation, PolicyMerger merger, Map<String, MergeResult> merges, Map<String, CodebaseRules> rules) {
        this.generation = generation;
        this.merger = merger;
        this.merges = merges;
        this.rules = rules;
    }

    /**
     * Merges every extension policy against the system policy and compiles the rules. Public so a
     * benchmark can build a snapshot from many policies without a framework.
     */
    public static PolicySnapshot build(long generation, PermissionTypeRegistry registry, SystemPolicy system,
                                       PolicyVariables variables, List<ExtensionEntry> extensions) {
        PolicyMerger merger = new PolicyMerger(registry, system, variables);
        Map<String, MergeResult> merges = new LinkedHashMap<>();
        Map<String, CodebaseRules> rules = new LinkedHashMap<>();
        for (ExtensionEntry entry : extensions) {
            MergeResult merge = merger.merge(entry.codebase(), entry.policy());
            merges.put(entry.codebase().id(), merge);
            rules.put(entry.codebase().id(), compile(merger, entry.codebase(), merge));
        }
        return new PolicySnapshot(generation, merger, Map.copyOf(merges), Map.copyOf(rules));
    }

    private static CodebaseRules compile(PolicyMerger merger, Codebase codebase, MergeResult merge) {
        return new CodebaseRules(codebase, merger.restrictions(codebase), PolicyMerger.extensionGrants(merge),
                merger.defaultGrants(codebase));
    }

    public long generation() {
        return generation;
    }

    public SystemPolicy system() {
        return merger.system();
    }

    public PermissionTypeRegistry registry() {
        return merger.registry();
    }

    /** The merger of this generation, for previews. */
    public PolicyMerger merger() {
        return merger;
    }

    /** Every extension's merge in this generation, by codebase id. */
    public Map<String, MergeResult> merges() {
        return merges;
    }

    /** This generation as the control module's API shows it: extensions sorted by codebase id. */
    public PolicyView view() {
        return new PolicyView(generation, system().view(), merges.values().stream()
                .sorted(Comparator.comparing(m -> m.codebase().id())).map(MergeResult::view).toList());
    }

    public Optional<MergeResult> merge(String codebaseId) {
        return Optional.ofNullable(merges.get(codebaseId));
    }

    /** The permissions installed for each codebase, by codebase id. */
    public Map<String, List<Permission>> grantsByCodebase() {
        Map<String, List<Permission>> grants = new LinkedHashMap<>();
        merges.forEach((id, merge) -> grants.put(id, merge.grantedPermissions()));
        return grants;
    }

    /**
     * Decides a request from extension code (docs/policy-language.md "Decisions"): a restriction that matches denies; else the
     * extension's grants, then the default grants, allow; else denied. Several actions are decided
     * one by one and must all be allowed. An extension this generation does not know yet gets the
     * restrictions and default grants only.
     */
    public Decision decide(Codebase codebase, String type, String name, String actions) {
        DecisionKey key = new DecisionKey(codebase, type, name, actions == null ? "" : actions);
        Decision cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Decision decision = compute(codebase, type, name, key.actions());
        if (cache.size() < MAX_CACHED_DECISIONS) {
            cache.put(key, decision);
        }
        return decision;
    }

    /** How many decisions this generation holds; for tests and metrics. */
    public int cachedDecisions() {
        return cache.size();
    }

    private Decision compute(Codebase codebase, String typeName, String name, String actions) {
        Optional<PermissionType> type = merger.registry().find(typeName);
        if (type.isEmpty()) {
            return Decision.deny("unknown permission type " + typeName);
        }
        String canonical;
        try {
            canonical = type.get().requestName(name);
        } catch (IllegalArgumentException e) {
            return Decision.deny("malformed request: " + e.getMessage());
        }
        CodebaseRules own = rules.get(codebase.id());
        if (own == null || !own.codebase().equals(codebase)) {
            own = latecomers.computeIfAbsent(codebase,
                    c -> compile(merger, c, new MergeResult(c, "none", List.of(), List.of())));
        }
        List<String> split = Permission.parseActions(actions);
        if (split.isEmpty()) {
            return own.decide(type.get(), canonical, List.of());
        }
        Decision last = null;
        for (String action : split) {
            last = own.decide(type.get(), canonical, List.of(action));
            if (!last.allowed()) {
                return last;
            }
        }
        return last;
    }
}
