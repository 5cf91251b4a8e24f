package org.gatehouse.audit.log;

import java.util.regex.Pattern;

/**
 * The kinds of audit record the element writes (docs/management.md "Audit"). A kind is lower-case
 * words separated by dots; these are the ones the trusted-commands feature records, and a new
 * event is a new kind.
 */
public final class AuditKind {
    /** The rendering of a command shown for confirmation, exactly as shown. */
    public static final String COMMAND_RENDERING = "command.rendering";
    /** The final status of a command. */
    public static final String COMMAND_STATUS = "command.status";
    /** A command that runs without a confirmation, with its command line. */
    public static final String DIRECT_COMMAND = "direct-command";
    /** A login (or a failed one). */
    public static final String LOGIN = "login";
    /** A request or a command refused. */
    public static final String REFUSAL = "refusal";

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    private static final int MAX_LENGTH = 64;

    private AuditKind() {
    }

    /** Returns the kind if it has the form of one, else throws naming the value and the form expected. */
    public static String check(String kind) {
        if (kind == null || kind.length() > MAX_LENGTH || !FORM.matcher(kind).matches()) {
            throw new IllegalArgumentException("audit kind [" + kind + "] must be lower-case words separated by dots, at most "
                    + MAX_LENGTH + " characters, like " + COMMAND_RENDERING);
        }
        return kind;
    }
}
