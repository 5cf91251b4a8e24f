package org.gatehouse.extension.manager.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a conditional enable asks of an installed extension while it is installed
 * (docs/extensions.md "Conditional enable"), and where it stands with them.
 *
 * @param conditions      each condition as the rule stated it, e.g. {@code time-limit [PT168H] (a trial)}; empty for an
 *                        extension enabled unconditionally
 * @param auditEveryUse   whether every step outcome and permission use of it is audited ({@code extra-audit})
 * @param enabledUntil    when its enable ends ({@code time-limit}): it is disabled then, also at a start after that moment
 * @param disabledBecause why the element disabled it (its window ended), when it did
 * @since 1.1
 */
public record ExtensionConditions(List<String> conditions, boolean auditEveryUse, Optional<Instant> enabledUntil,
                                  Optional<String> disabledBecause) {
    public ExtensionConditions {
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(enabledUntil, "enabledUntil");
        Objects.requireNonNull(disabledBecause, "disabledBecause");
    }

    /** An extension enabled without conditions. */
    public static ExtensionConditions none() {
        return new ExtensionConditions(List.of(), false, Optional.empty(), Optional.empty());
    }
}
