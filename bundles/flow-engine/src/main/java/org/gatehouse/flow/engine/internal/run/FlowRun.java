package org.gatehouse.flow.engine.internal.run;

import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.Header;

/**
 * One message through one flow: each step sees the state the previous step's changes made;
 * Proceed goes on (and forwards after the last step), Route forwards to the named route, Respond
 * answers the client, and Fail, an exception or a timeout rejects the message with a status and
 * code that name the step. The reason goes to the log, never to the client (docs/data-plane.md "Flows and steps"). A message
 * whose client has gone starts no further step.
 */
public final class FlowRun {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.steps");

    private final FlowServices services;
    private final List<CompiledStep> steps;
    private final MessageContext context;
    private final ClientPresence client;
    private final CompletableFuture<FlowResult> done = new CompletableFuture<>();

    private FlowRun(FlowServices services, List<CompiledStep> steps, MessageContext context, ClientPresence client) {
        this.services = services;
        this.steps = steps;
        this.context = context;
        this.client = client;
    }

    /**
     * Starts the flow on the calling thread; each step runs on the step executor.
     *
     * @param client told by the data plane when the client goes away
     */
    public static CompletableFuture<FlowResult> start(FlowServices services, List<CompiledStep> steps, MessageContext context,
                                                      MessageState initial, ClientPresence client) {
        FlowRun run = new FlowRun(services, steps, context, client);
        run.step(0, initial);
        return run.done;
    }

    private void step(int index, MessageState state) {
        if (index == steps.size()) {
            done.complete(forward(state, Optional.empty()));
            return;
        }
        CompiledStep step = steps.get(index);
        if (client.gone()) {
            done.complete(reject(step, state, new StepFailure(StepFailure.Kind.CLIENT_GONE,
                    describe(step) + " not started: the client went away")));
            return;
        }
        step.invoke(services, state, context, client).whenComplete((outcome, error) -> {
            try {
                if (error != null) {
                    done.complete(reject(step, state, StepExecutor.unwrap(error)));
                } else {
                    next(index, step, state, outcome);
                }
            } catch (RuntimeException e) {
                done.complete(reject(step, state, e));
            }
        });
    }

    private void next(int index, CompiledStep step, MessageState before, PlatformOutcome outcome) {
        if (outcome == null || outcome.outcome() == null) {
            done.complete(reject(step, before, new NullPointerException("the step completed with no outcome")));
            return;
        }
        MessageState state = outcome.identity().map(before::withIdentity).orElse(before).consuming(outcome.consumed());
        StepOutcome o = outcome.outcome();
        if (o instanceof StepOutcome.Proceed p) {
            step(index + 1, state.apply(p.changes()));
        } else if (o instanceof StepOutcome.Route r) {
            done.complete(forward(state.apply(r.changes()), Optional.of(r.route())));
        } else if (o instanceof StepOutcome.Respond r) {
            done.complete(respond(r.response()));
        } else if (o instanceof StepOutcome.Fail f) {
            LOG.log(System.Logger.Level.WARNING, "message {0}: step {1} of flow {2} failed: {3}", state.facts().id(),
                    step.definition().name(), step.flow(), f.reason());
            done.complete(new FlowResult.Reject(500, "step_failed", describe(step) + " failed", List.of()));
        }
    }

    private static FlowResult forward(MessageState state, Optional<String> route) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        Optional<ByteBuffer> body = Optional.empty();
        for (Header h : state.forwardHeaders()) {
            // a replaced body is sent whole with its own length (RFC 9112 section 6.3)
            boolean framing = h.hasName("Content-Length") || h.hasName("Transfer-Encoding");
            if (!(state.bodyChanged() && framing)) {
                headers.add(new SimpleImmutableEntry<>(h.name(), h.value()));
            }
        }
        if (state.bodyChanged()) {
            headers.add(new SimpleImmutableEntry<>("Content-Length", Integer.toString(state.body().length())));
            body = Optional.of(state.body().buffer());
        }
        return new FlowResult.Forward(headers, state.forwardTarget(), route, body);
    }

    private static FlowResult respond(Response response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header h : response.headers()) {
            headers.add(new SimpleImmutableEntry<>(h.name(), h.value()));
        }
        return new FlowResult.Respond(response.status(), headers, response.body().buffer());
    }

    private static FlowResult reject(CompiledStep step, MessageState state, Throwable error) {
        if (error instanceof StepFailure f) {
            LOG.log(f.kind() == StepFailure.Kind.TIMEOUT || f.kind() == StepFailure.Kind.FAILED
                    ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "message {0}: {1}", state.facts().id(), f.getMessage());
            return new FlowResult.Reject(f.kind().status(), f.kind().code(), clientMessage(step, f.kind()), retryAfter(f.kind()));
        }
        LOG.log(System.Logger.Level.WARNING, "message " + state.facts().id() + ": " + describe(step) + " threw", error);
        return new FlowResult.Reject(500, "step_failed", describe(step) + " failed", List.of());
    }

    private static String clientMessage(CompiledStep step, StepFailure.Kind kind) {
        switch (kind) {
            case TIMEOUT:
                return describe(step) + " did not finish within " + step.timeout().toMillis() + " ms";
            case UNAVAILABLE:
                return describe(step) + " is not available";
            case QUARANTINED:
                return describe(step) + " belongs to a quarantined extension";
            case OVERLOADED:
                return "the element has no free step thread; try again";
            case EXTENSION_OVERLOADED:
                return describe(step) + " has as many messages running as its extension may";
            case QUEUE_FULL:
                return describe(step) + " has as many messages running and waiting as its extension may";
            case CLIENT_GONE:
                return "the client went away";
            case BODY_TOO_LARGE:
                return "the body is larger than " + describe(step) + " reads";
            default:
                return describe(step) + " failed";
        }
    }

    private static List<Map.Entry<String, String>> retryAfter(StepFailure.Kind kind) {
        // RFC 9110 section 10.2.3: a 503 may say when to come back
        return kind == StepFailure.Kind.OVERLOADED || kind == StepFailure.Kind.EXTENSION_OVERLOADED || kind == StepFailure.Kind.QUEUE_FULL
                ? List.of(new SimpleImmutableEntry<>("Retry-After", "1")) : List.of();
    }

    private static String describe(CompiledStep step) {
        return "step '" + step.definition().name() + "' of flow '" + step.flow() + "'";
    }
}
