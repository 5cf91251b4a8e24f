package org.gatehouse.flow.engine.spi;

import java.util.Objects;
import java.util.Optional;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Identity;

/**
 * A built-in step's outcome: the step outcome every bladelet gives, an identity to set on the
 * message, and the credentials it consumed, which the upstream must not get.
 */
public record PlatformOutcome(StepOutcome outcome, Optional<Identity> identity, ConsumedCredentials consumed) {
    public PlatformOutcome {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(consumed, "consumed");
    }

    /** An outcome that consumed no credentials. */
    public PlatformOutcome(StepOutcome outcome, Optional<Identity> identity) {
        this(outcome, identity, ConsumedCredentials.none());
    }

    public static PlatformOutcome of(StepOutcome outcome) {
        return new PlatformOutcome(outcome, Optional.empty());
    }

    public static PlatformOutcome authenticated(Identity identity, StepOutcome outcome) {
        return new PlatformOutcome(outcome, Optional.of(identity));
    }

    /** Authenticated with credentials that are kept from the upstream. */
    public static PlatformOutcome authenticated(Identity identity, StepOutcome outcome, ConsumedCredentials consumed) {
        return new PlatformOutcome(outcome, Optional.of(identity), consumed);
    }
}
