package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;

/**
 * One step of a flow, bound to its bladelet at each message (so an upgrade or a stop is seen at
 * once): an extension's step, a built-in step service, or a built-in bladelet of a platform
 * bundle's descriptor. Runs under its deadline on the step executor. An extension's step whose
 * extension has every slot taken waits in its queue first, under the same deadline, and is bound
 * again when it gets a slot (a version started while it waited is the one it runs on).
 */
public final class CompiledStep {
    private final StepDefinition definition;
    private final String flow;
    private final Duration timeout;
    private final PlaceKey key;

    public CompiledStep(StepDefinition definition, String flow, Duration timeout, PlaceKey key) {
        this.definition = definition;
        this.flow = flow;
        this.timeout = timeout;
        this.key = key;
    }

    public StepDefinition definition() {
        return definition;
    }

    public String flow() {
        return flow;
    }

    public Duration timeout() {
        return timeout;
    }

    private String what() {
        return "step '" + definition.name() + "' (" + definition.reference() + ") of flow '" + flow + "'";
    }

    /** Starts the step; a failure to even start is a failed stage as well. */
    CompletableFuture<PlatformOutcome> invoke(FlowServices services, MessageState state, MessageContext context, ClientPresence client) {
        try {
            Optional<String> extension = definition.extension();
            if (extension.isPresent()) {
                return runExtensionStep(services, extension.get(), state, client);
            }
            Optional<PlatformStepSource> source = services.registry().platformStep(definition.bladelet());
            if (source.isPresent()) {
                return runPlatformStep(services, source.get(), state, context);
            }
            BladeletProvider builtin = services.registry().builtin(definition.bladelet()).orElseThrow(() ->
                    new StepFailure(StepFailure.Kind.UNAVAILABLE, what() + ": no built-in step of that name is available"));
            return runBladelet(services, builtin, state);
        } catch (StepFailure e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * An extension's step: refused at once when it cannot run (not started, no such bladelet, the
     * body too large, quarantined), else run once it holds one of the extension's slots, with
     * what is left of its deadline after waiting for one.
     */
    private CompletableFuture<PlatformOutcome> runExtensionStep(FlowServices services, String extension, MessageState state,
                                                                ClientPresence client) throws StepFailure {
        stepOf(started(services, extension), state);
        ExtensionHealthBook.Health health = services.health().of(extension);
        Admission.checkHealth(what(), extension, health);
        long since = System.nanoTime();
        return health.takeSlot(what(), timeout, services.executor(), client)
                .thenCompose(slot -> runHoldingSlot(services, extension, state, health, timeout.minusNanos(System.nanoTime() - since)));
    }

    private CompletableFuture<PlatformOutcome> runHoldingSlot(FlowServices services, String extension, MessageState state,
                                                              ExtensionHealthBook.Health health, Duration left) {
        Admission<StepOutcome> admission;
        BladeletProvider provider;
        BladeletDescriptor bladelet;
        try {
            try {
                if (left.isNegative() || left.isZero()) {
                    throw new StepFailure(StepFailure.Kind.TIMEOUT, what() + ": deadline " + timeout.toMillis()
                            + " ms passed as it got a slot of extension " + extension);
                }
                provider = started(services, extension);
                bladelet = stepOf(provider, state);
            } catch (StepFailure e) {
                health.releaseSlot();
                throw e;
            }
            admission = Admission.enterHoldingSlot(what(), provider, health, o -> o instanceof StepOutcome.Fail);
        } catch (StepFailure e) {
            return CompletableFuture.failedFuture(e);
        }
        return call(services, provider, bladelet, state, admission, left);
    }

    private BladeletProvider started(FlowServices services, String extension) throws StepFailure {
        return services.registry().extension(extension).orElseThrow(() ->
                new StepFailure(StepFailure.Kind.UNAVAILABLE, what() + ": extension " + extension + " is not started"));
    }

    /** The provider's step bladelet this step names, checked against the message's body. */
    private BladeletDescriptor stepOf(BladeletProvider provider, MessageState state) throws StepFailure {
        BladeletDescriptor bladelet = provider.descriptor().bladelet(definition.bladelet())
                .filter(b -> b.kind() == BladeletKind.STEP)
                .orElseThrow(() -> new StepFailure(StepFailure.Kind.UNAVAILABLE, what() + ": " + provider + " has no step bladelet '"
                        + definition.bladelet() + "'"));
        checkBody(bladelet.body(), state);
        return bladelet;
    }

    /** A built-in bladelet of a platform bundle's descriptor: no extension, so no slot to wait for. */
    private CompletableFuture<PlatformOutcome> runBladelet(FlowServices services, BladeletProvider provider, MessageState state)
            throws StepFailure {
        BladeletDescriptor bladelet = stepOf(provider, state);
        Admission<StepOutcome> admission = Admission.enter(what(), provider, services.health(), o -> o instanceof StepOutcome.Fail);
        return call(services, provider, bladelet, state, admission, timeout);
    }

    private CompletableFuture<PlatformOutcome> call(FlowServices services, BladeletProvider provider, BladeletDescriptor bladelet,
                                                    MessageState state, Admission<StepOutcome> admission, Duration deadline) {
        EngineMessage message = new EngineMessage(state, bladelet.name(), bladelet.body().readable());
        return services.executor().run(deadline, false, admission, () -> {
            Bladelet step = (Bladelet) provider.instance(key, bladelet, definition.parameters(), definition.name());
            return step.process(message);
        }).thenApply(PlatformOutcome::of);
    }

    private CompletableFuture<PlatformOutcome> runPlatformStep(FlowServices services, PlatformStepSource source, MessageState state,
                                                               MessageContext context) throws StepFailure {
        BodyAccess body = source.factory().descriptor().body();
        checkBody(body, state);
        EngineMessage message = new EngineMessage(state, source.name(), body.readable());
        EngineStepResources resources = new EngineStepResources(services, timeout, definition.name());
        return services.executor().run(timeout, false, Admission.unaccounted(what()), () ->
                source.instance(key, definition.parameters(), definition.name(), resources).process(message, context));
    }

    private void checkBody(BodyAccess access, MessageState state) throws StepFailure {
        if (!access.readable()) {
            return;
        }
        if (state.body() == null) {
            // the flow was resolved before this bladelet asked for the body; the next message reads it
            throw new StepFailure(StepFailure.Kind.UNAVAILABLE, what() + " reads the body, which this message did not have read");
        }
        if (state.body().length() > access.maxBytes()) {
            throw new StepFailure(StepFailure.Kind.BODY_TOO_LARGE, what() + " reads at most " + access.maxBytes()
                    + " body bytes; the body has " + state.body().length());
        }
    }

    /** The most body bytes this step reads with the bladelets available now, or -1. */
    public int bodyLimit(BladeletRegistry registry) {
        Optional<BodyAccess> access;
        if (definition.extension().isPresent()) {
            access = registry.extension(definition.extension().get())
                    .flatMap(p -> p.descriptor().bladelet(definition.bladelet())).map(BladeletDescriptor::body);
        } else {
            access = registry.platformStep(definition.bladelet()).map(s -> s.factory().descriptor().body())
                    .or(() -> registry.builtin(definition.bladelet()).flatMap(p -> p.descriptor().bladelet(definition.bladelet()))
                            .map(BladeletDescriptor::body));
        }
        return access.filter(BodyAccess::readable).map(BodyAccess::maxBytes).orElse(-1);
    }
}
