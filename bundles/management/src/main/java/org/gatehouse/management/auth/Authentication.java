package org.gatehouse.management.auth;

import java.util.Objects;

/**
 * The outcome of authenticating a request: the user, or why not. {@code bearerError} is the
 * RFC 6750 section 3.1 error code for the challenge, empty when no credentials were given.
 */
public sealed interface Authentication {

    record Authenticated(ManagementUser user) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(user, "user");
        }
    }

    record Refused(AccessRefusals.Reason kind, String reason, String bearerError) implements Authentication {
    }
}
