package org.gatehouse.policy.decision;

import java.util.Objects;
import org.gatehouse.policy.api.Codebase;
import org.gatehouse.policy.model.ExtensionPolicy;

/** One installed extension and the policy it asks for (empty when it has none). */
public record ExtensionEntry(Codebase codebase, ExtensionPolicy policy) {

    public ExtensionEntry {
        Objects.requireNonNull(codebase, "codebase");
        Objects.requireNonNull(policy, "policy");
    }
}
