package org.gatehouse.management.command;

/**
 * What was asked of a command cannot be done, and nothing changed: a stable code
 * ({@code not_found}, {@code not_awaiting}, {@code not_allowed}, {@code audit_unavailable}, ...) and a
 * message for the person who asked.
 */
public final class CommandRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    public CommandRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
