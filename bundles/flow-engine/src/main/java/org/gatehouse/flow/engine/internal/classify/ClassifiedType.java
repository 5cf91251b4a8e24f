package org.gatehouse.flow.engine.internal.classify;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;

/** A message type as the classifier hands it out: its name, its flow's body needs, and how to run its flow. */
public interface ClassifiedType {

    String name();

    /** The most body bytes its flow's steps read, or -1 when none reads the body. */
    int flowBodyLimit();

    /** The match answered when the head alone decides; built once, so a hit allocates nothing. */
    MessageTypeMatch match();

    /** Runs the flow; {@code body} is null when nothing asked for it. */
    CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body);
}
