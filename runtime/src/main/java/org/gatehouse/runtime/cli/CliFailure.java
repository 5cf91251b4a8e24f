package org.gatehouse.runtime.cli;

/**
 * Ends a command with a message on standard error and an exit code: {@link #REFUSED} (1) when the
 * element refused or failed the request or could not be reached, {@link #USAGE} (2) when the
 * command line itself is wrong.
 */
final class CliFailure extends Exception {
    private static final long serialVersionUID = 1L;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
