package org.gatehouse.extension.manager.internal.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.qualification.Condition;

/**
 * One committed extension of the store: its record (with the policy document in force, if any),
 * the file name of its jar in its store folder, the file name of its policy document there, and
 * the conditions of a conditional enable, which apply again to every later policy of it.
 */
public record StoredExtension(ExtensionRecord record, String jarFile, Optional<String> policyFile, List<Condition> conditions) {
    public StoredExtension {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(jarFile, "jarFile");
        Objects.requireNonNull(policyFile, "policyFile");
        conditions = List.copyOf(conditions);
    }

    public String symbolicName() {
        return record.symbolicName();
    }

    /** The same extension with another record (state, policy, permissions), same files. */
    public StoredExtension with(ExtensionRecord next) {
        return new StoredExtension(next, jarFile, policyFile, conditions);
    }
}
