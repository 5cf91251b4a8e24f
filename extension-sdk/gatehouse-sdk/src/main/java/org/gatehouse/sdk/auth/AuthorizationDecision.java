package org.gatehouse.sdk.auth;

/**
 * The answer of an {@link Authorizer}. A denial is logged and audited with its reason and
 * answered 403; the message is not forwarded.
 */
public sealed interface AuthorizationDecision {
    /** The identity may go on. */
    record Permit() implements AuthorizationDecision {
    }

    /** The identity may not; the reason goes to the log and the audit trail, not to the client. */
    record Deny(String reason) implements AuthorizationDecision {
        public Deny {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a denial needs a reason");
            }
        }
    }

    /** Permit. */
    static AuthorizationDecision permit() {
        return new Permit();
    }

    /** Deny for the reason. */
    static AuthorizationDecision deny(String reason) {
        return new Deny(reason);
    }
}
