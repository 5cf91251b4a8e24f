package org.gatehouse.policy.engine.model;

import org.gatehouse.policy.engine.api.Codebase;
import java.util.List;

/**
 * An overridable element of the system policy: what an extension whose codebase matches one of
 * {@code codebases} may add through its own policy (docs/policy-language.md "The system policy").
 */
public record Overridable(List<CodebasePattern> codebases, List<PolicyEntry> permissions, String origin) {

    public Overridable {
        codebases = List.copyOf(codebases);
        permissions = List.copyOf(permissions);
    }

    public boolean appliesTo(Codebase codebase) {
        return codebases.stream().anyMatch(p -> p.matches(codebase));
    }
}
