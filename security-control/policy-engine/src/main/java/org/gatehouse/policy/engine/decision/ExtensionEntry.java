package org.gatehouse.policy.engine.decision;

import java.util.Objects;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;

/** One installed extension and the policy it asks for (empty when it has none). */
public record ExtensionEntry(Codebase codebase, ExtensionPolicy policy) {

    public ExtensionEntry {
        Objects.requireNonNull(codebase, "codebase");
        Objects.requireNonNull(policy, "policy");
    }
}
