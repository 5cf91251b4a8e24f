package org.gatehouse.policy.engine.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.Overridable;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;

/**
 * The merge (docs/policy-language.md "The merge"): for each permission an extension asks for,
 * <ol>
 *   <li>a type that is not registered, or a malformed name or action: rejected;</li>
 *   <li>overlapping any restriction, even in part: rejected, naming the restriction;</li>
 *   <li>within an overridable element whose codebase pattern matches the extension: granted;</li>
 *   <li>already covered by a default grant: granted (it changes nothing);</li>
 *   <li>otherwise: rejected, saying that no overridable element allows it.</li>
 * </ol>
 * Only the offending permission is dropped, never the whole document.
 */
public final class PolicyMerger {
    private final PermissionTypeRegistry registry;
    private final SystemPolicy system;
    private final PolicyVariables variables;
    /** System-policy rules that name no per-codebase variable are the same for every codebase: compiled once. */
    private final Map<PolicyEntry, CompiledRule> sharedRules = new ConcurrentHashMap<>();
    private static final String CODEBASE_VARIABLE = "${extension.";

    public PolicyMerger(PermissionTypeRegistry registry, SystemPolicy system, PolicyVariables variables) {
        this.registry = registry;
        this.system = system;
        this.variables = variables;
    }

    public PermissionTypeRegistry registry() {
        return registry;
    }

    public SystemPolicy system() {
        return system;
    }

    public MergeResult merge(Codebase codebase, ExtensionPolicy policy) {
        PolicyVariables own = variables.forCodebase(codebase);
        List<CompiledRule> restrictions = restrictions(codebase);
        List<CompiledRule> overridable = overridable(codebase);
        List<CompiledRule> defaults = defaultGrants(codebase);
        List<GrantedPermission> granted = new ArrayList<>();
        List<RejectedPermission> rejected = new ArrayList<>();
        for (PolicyEntry entry : policy.permissions()) {
            Permission effective;
            try {
                effective = compile(entry.permission(), own);
            } catch (IllegalArgumentException e) {
                rejected.add(new RejectedPermission(entry, e.getMessage()));
                continue;
            }
            Optional<CompiledRule> restriction = firstIntersecting(restrictions, effective);
            if (restriction.isPresent()) {
                rejected.add(new RejectedPermission(entry, "intersects restriction [" + restriction.get().permission() + "] ("
                        + restriction.get().source().origin() + ")"));
                continue;
            }
            Optional<CompiledRule> within = firstImplying(overridable, effective)
                    .or(() -> firstImplying(defaults, effective));
            if (within.isPresent()) {
                granted.add(new GrantedPermission(entry, effective, "within " + within.get().label()
                        + " (" + within.get().source().origin() + ")"));
            } else {
                rejected.add(new RejectedPermission(entry, "not within any overridable element for codebase [" + codebase.id() + "]"));
            }
        }
        return new MergeResult(codebase, policy.source(), granted, rejected);
    }

    /** The restrictions as they apply to this codebase. */
    public List<CompiledRule> restrictions(Codebase codebase) {
        return compileAll(system.restrictions(), codebase, "restriction: ");
    }

    /** The default grants as they apply to this codebase. */
    public List<CompiledRule> defaultGrants(Codebase codebase) {
        return compileAll(system.defaultGrants(), codebase, "default grant: ");
    }

    /** The permissions of every overridable element whose codebase pattern matches. */
    public List<CompiledRule> overridable(Codebase codebase) {
        List<PolicyEntry> entries = new ArrayList<>();
        for (Overridable o : system.overridables()) {
            if (o.appliesTo(codebase)) {
                entries.addAll(o.permissions());
            }
        }
        return compileAll(entries, codebase, "overridable: ");
    }

    /** Grants that were merged earlier, as rules for decisions. */
    public static List<CompiledRule> extensionGrants(MergeResult merge) {
        return merge.granted().stream()
                .map(g -> new CompiledRule(g.effective(), g.requested(), "extension grant: " + g.effective()))
                .toList();
    }

    private List<CompiledRule> compileAll(List<PolicyEntry> entries, Codebase codebase, String labelPrefix) {
        PolicyVariables own = null;
        List<CompiledRule> rules = new ArrayList<>(entries.size());
        for (PolicyEntry entry : entries) {
            boolean perCodebase = entry.permission().name().contains(CODEBASE_VARIABLE);
            CompiledRule shared = perCodebase ? null : sharedRules.get(entry);
            if (shared != null) {
                rules.add(shared);
                continue;
            }
            // the system policy was checked when read: a failure here is a type that has since gone away
            try {
                own = own != null ? own : variables.forCodebase(codebase);
                Permission p = compile(entry.permission(), own);
                CompiledRule rule = new CompiledRule(p, entry, labelPrefix + p);
                if (!perCodebase) {
                    sharedRules.put(entry, rule);
                }
                rules.add(rule);
            } catch (IllegalArgumentException e) {
                System.getLogger(PolicyMerger.class.getName()).log(System.Logger.Level.WARNING,
                        "system policy entry ignored: " + entry + ": " + e.getMessage());
            }
        }
        return List.copyOf(rules);
    }

    private Permission compile(Permission written, PolicyVariables own) {
        return registry.canonical(written.withName(own.expand(written.name())));
    }

    private Optional<CompiledRule> firstIntersecting(List<CompiledRule> rules, Permission p) {
        PermissionType type = registry.require(p.type());
        return rules.stream()
                .filter(r -> r.permission().type().equals(p.type()))
                .filter(r -> type.intersects(r.permission().name(), r.permission().actions(), p.name(), p.actions()))
                .findFirst();
    }

    private Optional<CompiledRule> firstImplying(List<CompiledRule> rules, Permission p) {
        PermissionType type = registry.require(p.type());
        return rules.stream()
                .filter(r -> r.permission().type().equals(p.type()))
                .filter(r -> type.implies(r.permission().name(), r.permission().actions(), p.name(), p.actions()))
                .findFirst();
    }
}
