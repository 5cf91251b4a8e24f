package org.gatehouse.management.command;

/** A command whose action failed: the command as recorded (aborted, with the reason) and the failure as its cause. */
public final class CommandAbortedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Command command;

    public CommandAbortedException(Command command, Exception cause) {
        super("command " + command.id() + " aborted: " + cause.getMessage(), cause);
        this.command = command;
    }

    public Command command() {
        return command;
    }

    /** The action's own exception. */
    public Exception failure() {
        return (Exception) getCause();
    }
}
