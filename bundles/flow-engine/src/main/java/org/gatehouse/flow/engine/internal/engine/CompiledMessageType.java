package org.gatehouse.flow.engine.internal.engine;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.flow.engine.internal.classify.ClassifiedType;
import org.gatehouse.flow.engine.internal.run.ClientPresence;
import org.gatehouse.flow.engine.internal.run.CompiledStep;
import org.gatehouse.flow.engine.internal.run.FlowRun;
import org.gatehouse.flow.engine.internal.run.FlowServices;
import org.gatehouse.flow.engine.internal.run.MessageState;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.MessageContext;

/**
 * A message type bound to its flow in one resolution of the document: what the classifier hands
 * out when the head alone decides (built once, so a hit allocates nothing), and what runs the flow.
 */
final class CompiledMessageType implements ClassifiedType, MessageTypeMatch, MessageContext {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.steps");

    private final String name;
    private final List<CredentialLocation> credentials;
    private final List<CompiledStep> steps;
    private final int bodyLimit;
    private final FlowServices services;
    private final GenerationUse use;
    private final MessageTypeCounters counters;

    CompiledMessageType(String name, List<CredentialLocation> credentials, List<CompiledStep> steps, int bodyLimit,
                        FlowServices services, GenerationUse use, MessageTypeCounters counters) {
        this.name = name;
        this.credentials = List.copyOf(credentials);
        this.steps = List.copyOf(steps);
        this.bodyLimit = bodyLimit;
        this.services = services;
        this.use = use;
        this.counters = counters;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String messageType() {
        return name;
    }

    @Override
    public int flowBodyLimit() {
        return bodyLimit;
    }

    @Override
    public int bodyLimit() {
        return bodyLimit;
    }

    @Override
    public MessageTypeMatch match() {
        return this;
    }

    @Override
    public List<CredentialLocation> credentialLocations() {
        return credentials;
    }

    @Override
    public CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body) {
        long started = System.nanoTime();
        counters.started();
        MessageState state;
        try {
            state = MessageState.of(head, name, body);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.INFO, "message type {0}: request refused: {1}", name, e.getMessage());
            return CompletableFuture.completedFuture(new FlowResult.Reject(400, "bad_request",
                    "the request has a header the element cannot carry", List.of()));
        }
        use.enter();
        ClientPresence client = new ClientPresence();
        head.onClientGone(client::leave);
        CompletableFuture<FlowResult> result = FlowRun.start(services, steps, this, state, client);
        result.whenComplete((r, e) -> {
            use.exit();
            counters.finished(System.nanoTime() - started);
        });
        return result;
    }
}
