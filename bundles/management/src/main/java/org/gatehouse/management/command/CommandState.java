package org.gatehouse.management.command;

import java.util.Locale;

/**
 * Where a command stands (docs/management.md "Commands"): submitted, then awaiting confirmation,
 * then in progress, then done or aborted; cancelled or expired instead while it awaits.
 */
public enum CommandState {
    SUBMITTED,
    /** Rendered and waiting for a person to confirm it over a trusted path. */
    AWAITING_CONFIRMATION,
    IN_PROGRESS,
    DONE,
    /** It ran and failed or was refused; the command's reason says why. Nothing changed. */
    ABORTED,
    /** Withdrawn or declined before it ran. */
    CANCELLED,
    /** Nobody confirmed it in time, or the element restarted while it waited. Nothing changed. */
    EXPIRED;

    /** {@code in_progress}: the name in JSON and the journal. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == DONE || this == ABORTED || this == CANCELLED || this == EXPIRED;
    }
}
