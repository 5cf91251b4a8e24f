package org.gatehouse.dataplane.engine;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;

/**
 * Stands in for the message processor while none is registered and one is required: it claims
 * every request and answers 503, so nothing a flow might claim (and authenticate) is forwarded
 * while the flows are not loaded yet, or no longer, during start-up and shutdown.
 *
 * <pre>{@code
 * Supplier<MessageProcessor> processor = () -> bound != null ? bound : AbsentProcessor.INSTANCE;
 * }</pre>
 */
final class AbsentProcessor implements MessageProcessor, MessageTypeMatch {
    static final AbsentProcessor INSTANCE = new AbsentProcessor();

    private static final FlowResult REFUSED = new FlowResult.Reject(503, "flows_not_loaded",
            "the element is not ready to serve this request", List.of(Map.entry("Retry-After", "1")));

    private AbsentProcessor() {
    }

    @Override
    public MessageTypeMatch classify(RequestHead head) {
        return this;
    }

    @Override
    public String messageType() {
        return "(flows not loaded)";
    }

    @Override
    public int bodyLimit() {
        return -1;
    }

    @Override
    public CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body) {
        return CompletableFuture.completedFuture(REFUSED);
    }
}
