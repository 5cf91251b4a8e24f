package org.gatehouse.dataplane.http1;

/** Carries a {@link FramingViolation} out of the reader's state machine. */
final class FramingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient FramingViolation violation;

    FramingException(FramingViolation violation) {
        super(violation.message(), null, false, false);
        this.violation = violation;
    }

    FramingViolation violation() {
        return violation;
    }
}
