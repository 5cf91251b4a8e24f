package org.gatehouse.flow.engine.spi;

import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.message.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One built-in step at one place in a flow. Runs off the event loop, under the flow's step
 * deadline, like an extension's step; may block (e.g. an LDAP bind), though completing the
 * stage asynchronously is better.
 */
@ConsumerType
public interface PlatformStep {

    /** What to do with the message; {@link PlatformOutcome#identity()} replaces the message's identity. */
    CompletionStage<PlatformOutcome> process(Message message, MessageContext context);

    /** Called once the flow holding this step is replaced and no message uses it any more. */
    default void close() {
    }
}
