package org.gatehouse.extension.manager.api;

import java.util.List;

/**
 * An operation refused or failed, with nothing changed. {@link #kind()} tells the management
 * plane which status fits; {@link #reasons()} says each reason in words an admin can act on.
 */
public class ExtensionOperationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the operation did not happen. */
    public enum Kind {
        /** The upload is not acceptable: not a bundle, too large, unsafe archive, bad descriptor or policy (400/413). */
        INVALID,
        /** Install qualification denied it (422). */
        DENIED,
        /** No such extension (404). */
        NOT_FOUND,
        /** The state does not allow it: already installed, same version, in progress (409). */
        CONFLICT,
        /** The framework or the disk failed; the operation was rolled back (500). */
        FAILED
    }

    private final Kind kind;
    private final List<String> reasons;

    public ExtensionOperationException(Kind kind, List<String> reasons) {
        super(String.join("; ", reasons));
        this.kind = kind;
        this.reasons = List.copyOf(reasons);
    }

    public ExtensionOperationException(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
        this.reasons = List.of(reason);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> reasons() {
        return reasons;
    }
}
