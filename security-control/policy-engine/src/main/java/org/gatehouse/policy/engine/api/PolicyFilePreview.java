package org.gatehouse.policy.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * What a policy file of the conf folder would change if it were put in force, installed nowhere
 * (docs/management.md "Hand edits"): each line {@code <codebase id> <permission>}.
 *
 * @param file    the file, named relative to the conf folder, e.g. {@code system-policy.xml}
 * @param granted permissions extensions would hold that they do not hold now
 * @param revoked permissions extensions hold now that they would lose
 * @since 2.1
 */
public record PolicyFilePreview(String file, List<String> granted, List<String> revoked) {
    public PolicyFilePreview {
        Objects.requireNonNull(file, "file");
        granted = List.copyOf(granted);
        revoked = List.copyOf(revoked);
    }
}
