package org.gatehouse.flow.spi;

import java.util.Objects;
import java.util.Optional;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Identity;

/** A built-in step's outcome: the step outcome every bladelet gives, and an identity to set on the message. */
public record PlatformOutcome(StepOutcome outcome, Optional<Identity> identity) {
    public PlatformOutcome {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(identity, "identity");
    }

    public static PlatformOutcome of(StepOutcome outcome) {
        return new PlatformOutcome(outcome, Optional.empty());
    }

    public static PlatformOutcome authenticated(Identity identity, StepOutcome outcome) {
        return new PlatformOutcome(outcome, Optional.of(identity));
    }
}
