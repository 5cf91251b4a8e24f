package org.gatehouse.flow.engine.api;

import java.util.Objects;

/**
 * How long one message type's flows took, since its generation of the flows document came in
 * force: the flows that ended (answered, forwarded or failed) and the sum of their durations from
 * classification to the end of the last step, in nanoseconds. The mean is {@code totalNanos / finished}.
 */
public record FlowTiming(String messageType, long finished, long totalNanos) {
    public FlowTiming {
        Objects.requireNonNull(messageType, "messageType");
        if (finished < 0 || totalNanos < 0) {
            throw new IllegalArgumentException("flow timing of " + messageType + " cannot be negative: finished "
                    + finished + ", totalNanos " + totalNanos);
        }
    }
}
