package org.gatehouse.policy.engine.api;

import java.util.Objects;

/**
 * Permissions to leave out of a policy document ({@link PolicyService#narrow}): those of one type,
 * of one name or of any name.
 *
 * @param type   the permission type, e.g. {@code socket}
 * @param name   the permission name, or {@link #ANY_NAME}
 * @param reason what asked for the drop, shown beside each permission dropped
 */
public record PermissionDrop(String type, String name, String reason) {
    /** Matches every name of the type. */
    public static final String ANY_NAME = "*";

    public PermissionDrop {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this drop takes out a permission of this type and name. */
    public boolean matches(String permissionType, String permissionName) {
        return type.equals(permissionType) && (ANY_NAME.equals(name) || name.equals(permissionName));
    }
}
