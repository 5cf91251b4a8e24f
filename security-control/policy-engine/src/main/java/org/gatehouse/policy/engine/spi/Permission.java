package org.gatehouse.policy.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One permission: a type, a name (the target) and actions, as in docs/policy-language.md "Permissions". The actions are kept
 * lower-case, sorted and without duplicates, so two permissions that say the same thing are equal.
 *
 * <pre>{@code
 * Permission p = Permission.of("file", "/data/reports/-", "read, write");
 * p.toString(); // "file /data/reports/- read,write"
 * }</pre>
 */
public record Permission(String type, String name, List<String> actions) {

    public Permission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        actions = List.copyOf(new TreeSet<>(actions));
    }

    /** A permission from the written form of its actions: comma-separated, blanks ignored. */
    public static Permission of(String type, String name, String actions) {
        return new Permission(type, name, parseActions(actions));
    }

    /** Splits {@code "read, write"} into its lower-case actions; null or blank gives none. */
    public static List<String> parseActions(String actions) {
        List<String> parsed = new ArrayList<>();
        if (actions == null) {
            return parsed;
        }
        for (String action : actions.split(",")) {
            String trimmed = action.trim();
            if (!trimmed.isEmpty()) {
                parsed.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
        return parsed;
    }

    /** The same permission with another name, e.g. after its variables are expanded. */
    public Permission withName(String newName) {
        return new Permission(type, newName, actions);
    }

    /** The same permission with other actions. */
    public Permission withActions(List<String> newActions) {
        return new Permission(type, name, newActions);
    }

    /** The actions as written in policies and messages: {@code read,write}. */
    public String actionList() {
        return String.join(",", actions);
    }

    /** {@code type name actions}, the form used in every message and audit event. */
    @Override
    public String toString() {
        return actions.isEmpty() ? type + " " + name : type + " " + name + " " + actionList();
    }
}
