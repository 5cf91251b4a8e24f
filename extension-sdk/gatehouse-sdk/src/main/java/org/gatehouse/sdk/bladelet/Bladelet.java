package org.gatehouse.sdk.bladelet;

import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.message.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A flow step ({@code kind="step"} in the descriptor).
 *
 * <p><b>Construction.</b> The class named in the descriptor must have a public constructor that
 * takes one {@link BladeletContext}; the engine builds one instance per step in a flow, with that
 * step's parameters, and calls {@link #close()} when the flow or the extension goes away.
 *
 * <p><b>Threads.</b> {@link #process} is called concurrently for many messages, never on a network
 * event loop: the engine runs extension code on a bounded executor. It may block (say, on a
 * directory look-up) and return a completed stage, or start asynchronous work and return a stage
 * that completes later. Either way the stage must complete before the step's deadline; a step
 * that overruns, throws or completes exceptionally fails the message and is counted against its
 * extension (docs/data-plane.md "Where steps run").
 *
 * <pre>{@code
 * public CompletionStage<StepOutcome> process(Message message) {
 *     return CompletableFuture.completedStage(StepOutcome.proceed(
 *             MessageChanges.builder().setHeader("X-Seen-By", "gatehouse").build()));
 * }
 * }</pre>
 */
@ConsumerType
public interface Bladelet {
    /** Looks at one message and says what happens to it next. */
    CompletionStage<StepOutcome> process(Message message);

    /** Releases what the instance holds (connections, caches). Called once; the default does nothing. */
    default void close() {
    }
}
