package org.gatehouse.management.command;

import java.util.Locale;

/** Where a command stands (docs/management.md "Commands"): submitted, then in progress, then done, aborted or cancelled. */
public enum CommandState {
    SUBMITTED,
    IN_PROGRESS,
    DONE,
    /** It ran and failed or was refused; the command's reason says why. Nothing changed. */
    ABORTED,
    /** Withdrawn before it ran. */
    CANCELLED;

    /** {@code in_progress}: the name in JSON and the journal. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == DONE || this == ABORTED || this == CANCELLED;
    }
}
