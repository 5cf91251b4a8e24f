package org.gatehouse.extension.manager.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.qualification.Condition;

/**
 * One committed extension of the store: its record (with the policy document in force, if any),
 * the file name of its jar in its store folder, the file name of its policy document there, the
 * conditions of a conditional enable, which apply again to every later policy of it, the end of
 * its enable when a {@code time-limit} condition set one, and why it was disabled when the
 * element disabled it (its window ended), both kept with the record so that they survive a restart.
 */
public record StoredExtension(ExtensionRecord record, String jarFile, Optional<String> policyFile, List<Condition> conditions,
                              Optional<Instant> enabledUntil, Optional<String> disabledBecause) {
    public StoredExtension {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(jarFile, "jarFile");
        Objects.requireNonNull(policyFile, "policyFile");
        Objects.requireNonNull(enabledUntil, "enabledUntil");
        Objects.requireNonNull(disabledBecause, "disabledBecause");
        conditions = List.copyOf(conditions);
    }

    /** An extension without an end to its enable, not disabled by the element. */
    public StoredExtension(ExtensionRecord record, String jarFile, Optional<String> policyFile, List<Condition> conditions) {
        this(record, jarFile, policyFile, conditions, Optional.empty(), Optional.empty());
    }

    public String symbolicName() {
        return record.symbolicName();
    }

    /** The same extension with another record (state, policy, permissions), same files, window and reason. */
    public StoredExtension with(ExtensionRecord next) {
        return new StoredExtension(next, jarFile, policyFile, conditions, enabledUntil, disabledBecause);
    }

    /** The same extension with this end of its enable. */
    public StoredExtension until(Optional<Instant> end) {
        return new StoredExtension(record, jarFile, policyFile, conditions, end, disabledBecause);
    }

    /** The same extension with this reason the element disabled it (empty: none, or an admin did). */
    public StoredExtension because(Optional<String> reason) {
        return new StoredExtension(record, jarFile, policyFile, conditions, enabledUntil, reason);
    }

    /** Whether its enable has a window that ended at {@code now}. */
    public boolean windowEnded(Instant now) {
        return enabledUntil.isPresent() && !now.isBefore(enabledUntil.get());
    }
}
