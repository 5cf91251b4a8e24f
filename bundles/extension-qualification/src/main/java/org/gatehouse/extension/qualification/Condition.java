package org.gatehouse.extension.qualification;

import java.util.Objects;

/**
 * One condition of a {@link Verdict#CONDITIONAL_ENABLE conditional enable}: what the installer
 * must do to the extension before it runs.
 *
 * <ul>
 *   <li>{@link Kind#DROP_PERMISSION}: remove from the extension's own policy every permission of
 *       {@code permissionType} whose name equals {@code permissionName}; a name of {@code *}
 *       removes every permission of that type (the narrowed policy of docs/extensions.md "Conditional enable").</li>
 *   <li>{@link Kind#EXTRA_AUDIT}: audit every decision about this extension, granted ones too;
 *       {@code permissionType} and {@code permissionName} are empty.</li>
 * </ul>
 *
 * @param kind what to do
 * @param permissionType for {@code DROP_PERMISSION}, the permission type (e.g. {@code socket}); else empty
 * @param permissionName for {@code DROP_PERMISSION}, the exact target name or {@code *}; else empty
 * @param note the administrator's explanation from the rule, may be empty
 */
public record Condition(Kind kind, String permissionType, String permissionName, String note) {
    /** What a condition asks of the installer. */
    public enum Kind { DROP_PERMISSION, EXTRA_AUDIT }

    /** The name that matches every permission of a type. */
    public static final String ANY_NAME = "*";

    public Condition {
        Objects.requireNonNull(kind, "kind");
        permissionType = permissionType == null ? "" : permissionType;
        permissionName = permissionName == null ? "" : permissionName;
        note = note == null ? "" : note;
        if (kind == Kind.DROP_PERMISSION && (permissionType.isEmpty() || permissionName.isEmpty())) {
            throw new IllegalArgumentException("drop-permission needs a permission type and name, got type ["
                    + permissionType + "], name [" + permissionName + "]");
        }
    }

    /** Removes permissions of {@code type} named {@code name} (or all of them for {@code *}). */
    public static Condition dropPermission(String type, String name, String note) {
        return new Condition(Kind.DROP_PERMISSION, type, name, note);
    }

    /** Audits every decision about the extension. */
    public static Condition extraAudit(String note) {
        return new Condition(Kind.EXTRA_AUDIT, "", "", note);
    }

    /** A short human-readable form, e.g. {@code drop-permission type [socket], name [*]}. */
    public String describe() {
        String base = kind == Kind.DROP_PERMISSION
                ? "drop-permission type [" + permissionType + "], name [" + permissionName + "]"
                : "extra-audit";
        return note.isEmpty() ? base : base + " (" + note + ")";
    }
}
