/**
 * Bladelet steps: the unit of a flow (docs/data-plane.md "Flows and steps"). A step sees a {@link org.gatehouse.sdk.message.Message}
 * and answers a {@link org.gatehouse.sdk.bladelet.StepOutcome}: continue (with changes), respond,
 * route, or fail. Each instance is built with its {@link org.gatehouse.sdk.bladelet.BladeletContext}:
 * typed parameters from the descriptor's attribute domain, its data folder, a logger, a clock,
 * counters, the element's outbound HTTP client and JSON.
 *
 * <pre>{@code
 * public final class Deny implements Bladelet {
 *     private final int status;
 *     public Deny(BladeletContext context) { status = context.parameters().integer("status"); }
 *     public CompletionStage<StepOutcome> process(Message message) {
 *         return CompletableFuture.completedStage(StepOutcome.respond(status));
 *     }
 * }
 * }</pre>
 */
@Export
@Version("1.1.0")
package org.gatehouse.sdk.bladelet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
