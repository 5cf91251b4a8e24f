package org.gatehouse.policy.engine.model;

import org.gatehouse.policy.engine.spi.Permission;
import java.util.Objects;

/**
 * A permission as written in a policy document, with where it was written, such as
 * {@code system-policy.xml [6:74] /system-policy/restrictions/permission[2]} (file, line:column
 * and element path, as the reader's own errors start), so every warning about it
 * can point at the line an operator has to change.
 */
public record PolicyEntry(Permission permission, String origin) {

    public PolicyEntry {
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String toString() {
        return permission + " (" + origin + ")";
    }
}
