package org.gatehouse.extension.qualification;

import java.time.Duration;
import java.util.Objects;

/**
 * One condition of a {@link Verdict#CONDITIONAL_ENABLE conditional enable}: what the installer
 * must do to the extension before and while it runs (docs/extensions.md "Conditional enable").
 *
 * <ul>
 *   <li>{@link Kind#DROP_PERMISSION}: remove from the extension's own policy every permission of
 *       {@code permissionType} whose name equals {@code permissionName}; a name of {@code *}
 *       removes every permission of that type (the narrowed policy of docs/extensions.md "Conditional enable").</li>
 *   <li>{@link Kind#EXTRA_AUDIT}: audit every step outcome and every permission use of this
 *       extension, allowed ones too; {@code permissionType} and {@code permissionName} are empty.</li>
 *   <li>{@link Kind#TIME_LIMIT}: disable the extension {@code limit} after its install;
 *       {@code permissionType} and {@code permissionName} are empty.</li>
 * </ul>
 *
 * @param kind what to do
 * @param permissionType for {@code DROP_PERMISSION}, the permission type (e.g. {@code socket}); else empty
 * @param permissionName for {@code DROP_PERMISSION}, the exact target name or {@code *}; else empty
 * @param limit for {@code TIME_LIMIT}, how long the enable holds (positive); else {@link Duration#ZERO}
 * @param note the administrator's explanation from the rule, may be empty
 */
public record Condition(Kind kind, String permissionType, String permissionName, Duration limit, String note) {
    /** What a condition asks of the installer. */
    public enum Kind { DROP_PERMISSION, EXTRA_AUDIT, TIME_LIMIT }

    /** The name that matches every permission of a type. */
    public static final String ANY_NAME = "*";

    public Condition {
        Objects.requireNonNull(kind, "kind");
        permissionType = permissionType == null ? "" : permissionType;
        permissionName = permissionName == null ? "" : permissionName;
        limit = limit == null ? Duration.ZERO : limit;
        note = note == null ? "" : note;
        if (kind == Kind.DROP_PERMISSION && (permissionType.isEmpty() || permissionName.isEmpty())) {
            throw new IllegalArgumentException("drop-permission needs a permission type and name, got type ["
                    + permissionType + "], name [" + permissionName + "]");
        }
        if (kind == Kind.TIME_LIMIT && (limit.isNegative() || limit.isZero())) {
            throw new IllegalArgumentException("time-limit needs a positive duration, got [" + limit + "]");
        }
    }

    /** Removes permissions of {@code type} named {@code name} (or all of them for {@code *}). */
    public static Condition dropPermission(String type, String name, String note) {
        return new Condition(Kind.DROP_PERMISSION, type, name, Duration.ZERO, note);
    }

    /** Audits every step outcome and permission use of the extension. */
    public static Condition extraAudit(String note) {
        return new Condition(Kind.EXTRA_AUDIT, "", "", Duration.ZERO, note);
    }

    /** Disables the extension {@code limit} after its install. */
    public static Condition timeLimit(Duration limit, String note) {
        return new Condition(Kind.TIME_LIMIT, "", "", limit, note);
    }

    /**
     * A short human-readable form, e.g. {@code drop-permission type [socket], name [*]},
     * {@code extra-audit}, {@code time-limit [PT168H]}.
     */
    public String describe() {
        String base = switch (kind) {
            case DROP_PERMISSION -> "drop-permission type [" + permissionType + "], name [" + permissionName + "]";
            case EXTRA_AUDIT -> "extra-audit";
            case TIME_LIMIT -> "time-limit [" + limit + "]";
        };
        return note.isEmpty() ? base : base + " (" + note + ")";
    }
}
