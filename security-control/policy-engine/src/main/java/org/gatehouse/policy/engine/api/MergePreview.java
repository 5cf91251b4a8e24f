package org.gatehouse.policy.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * What a policy document would give an extension, installed nowhere (docs/policy-language.md
 * "Preview"): the merged policy, and the permissions it adds to or takes from what the extension
 * holds now.
 *
 * @param merge   the policy as it would be merged
 * @param added   permissions it would hold that it does not hold now, e.g. {@code socket api.acme:443 connect}
 * @param revoked permissions it holds now that it would lose
 */
public record MergePreview(MergedPolicy merge, List<String> added, List<String> revoked) {
    public MergePreview {
        Objects.requireNonNull(merge, "merge");
        added = List.copyOf(added);
        revoked = List.copyOf(revoked);
    }
}
