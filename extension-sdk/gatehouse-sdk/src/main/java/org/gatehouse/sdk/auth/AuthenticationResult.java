package org.gatehouse.sdk.auth;

import java.util.List;
import java.util.Objects;
import org.gatehouse.sdk.identity.Identity;

/**
 * The answer of an {@link Authenticator}: authenticated as an identity, or rejected with a
 * reason for the log and the challenges to send back (RFC 9110 section 11.6.1,
 * {@code WWW-Authenticate}).
 */
public sealed interface AuthenticationResult {
    /** The credentials are good: the message now carries this identity. */
    record Authenticated(Identity identity) implements AuthenticationResult {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * The credentials are not good. The engine logs and audits the reason (never sends it to the
     * client), answers 401 with the challenges as {@code WWW-Authenticate} fields, and does not
     * forward the message (docs/data-plane.md "Authentication and authorization": failures never reach the upstream).
     */
    record Rejected(String reason, List<String> challenges) implements AuthenticationResult {
        public Rejected {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a rejection needs a reason");
            }
            challenges = List.copyOf(challenges);
            for (String challenge : challenges) {
                if (challenge.isBlank() || challenge.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new IllegalArgumentException("challenge '" + challenge + "' is blank or holds CR, LF or NUL");
                }
            }
        }
    }

    /** Authenticated as the identity. */
    static AuthenticationResult authenticated(Identity identity) {
        return new Authenticated(identity);
    }

    /** Rejected, with zero or more challenges such as {@code Basic realm="api"}. */
    static AuthenticationResult rejected(String reason, String... challenges) {
        return new Rejected(reason, List.of(challenges));
    }
}
