package org.gatehouse.policy.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * The policy every check is decided against right now: one generation of the vendor policy and
 * of every extension's merged policy (docs/policy-language.md). A copy: it does not change when a
 * new generation is swapped in.
 *
 * @param generation increases by one with each swap
 * @param system     the vendor policy
 * @param extensions the merged policy of each extension, sorted by codebase id
 */
public record PolicyView(long generation, SystemPolicyView system, List<MergedPolicy> extensions) {
    public PolicyView {
        Objects.requireNonNull(system, "system");
        extensions = List.copyOf(extensions);
    }
}
