package org.gatehouse.dataplane.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A request head claimed by a message type (or, when {@link #bodyLimit()} is not negative and
 * body matchers decide, by one of several candidates). The data plane reads the body first when
 * asked to, then runs the flow and acts on its {@link FlowResult}.
 */
@ConsumerType
public interface MessageTypeMatch {

    /** The message type's name, or a candidate's while the body still decides; for logs and metrics. */
    String messageType();

    /**
     * Negative: the flow does not read the body, which stays streamed to the upstream after the
     * flow. Otherwise the data plane aggregates up to this many bytes before {@link #run} and
     * answers 413 for a larger body without running the flow.
     */
    int bodyLimit();

    /**
     * Runs the flow. Called on the event loop; must return at once and complete the stage later,
     * on any thread. {@code body} is null when {@link #bodyLimit()} is negative, else the whole
     * body (read-only, possibly empty), valid until the stage completes.
     */
    CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body);
}
