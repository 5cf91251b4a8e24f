package org.gatehouse.runtime;

/**
 * A reason the launcher stops, with the process exit code that tells scripts what happened.
 * The message is what the operator reads: it names the file, bundle or setting at fault.
 *
 * <pre>{@code
 * throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "platform bundle org.x does not resolve: ...");
 * }</pre>
 */
public final class LaunchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The platform did not come up: a bundle did not resolve or start, or readiness timed out. */
    public static final int STARTUP_FAILED = 1;
    /** Wrong command line or an invalid {@code gatehouse.properties}. */
    public static final int BAD_CONFIGURATION = 2;
    /** Another launcher holds the lock on the same data folder. */
    public static final int ALREADY_RUNNING = 3;
    /** The framework did not stop within the shutdown timeout. */
    public static final int SHUTDOWN_TIMED_OUT = 4;

    private final int exitCode;

    public LaunchFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LaunchFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
