package org.gatehouse.policy.engine.decision;

import java.util.List;
import org.gatehouse.policy.engine.merge.CompiledRule;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.spi.PermissionType;

/**
 * Everything that decides for one codebase, expanded for it: restrictions, the extension's merged
 * grants and the default grants. {@link #decide} follows docs/policy-language.md "Decisions" in that order.
 */
record CodebaseRules(Codebase codebase, List<CompiledRule> restrictions, List<CompiledRule> extensionGrants,
                     List<CompiledRule> defaultGrants) {

    CodebaseRules {
        restrictions = List.copyOf(restrictions);
        extensionGrants = List.copyOf(extensionGrants);
        defaultGrants = List.copyOf(defaultGrants);
    }

    /** Decides one request whose name is canonical and which carries at most one action. */
    Decision decide(PermissionType type, String name, List<String> actions) {
        for (CompiledRule r : restrictions) {
            if (sameType(r, type) && type.intersects(r.permission().name(), r.permission().actions(), name, actions)) {
                return Decision.deny(r.label());
            }
        }
        for (CompiledRule r : extensionGrants) {
            if (sameType(r, type) && type.implies(r.permission().name(), r.permission().actions(), name, actions)) {
                return Decision.allow(r.label());
            }
        }
        for (CompiledRule r : defaultGrants) {
            if (sameType(r, type) && type.implies(r.permission().name(), r.permission().actions(), name, actions)) {
                return Decision.allow(r.label());
            }
        }
        return Decision.deny(Decision.NOT_GRANTED);
    }

    private static boolean sameType(CompiledRule rule, PermissionType type) {
        return rule.permission().type().equals(type.name());
    }
}
