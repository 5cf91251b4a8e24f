package ${package};

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * A flow step that sets, adds or removes one request header. Which header, which value and
 * what to do come from the flow, checked against the attribute domain in
 * {@code OSGI-INF/gatehouse/bladelets.xml}.
 */
public final class HeaderRewriteStep implements Bladelet {
    private final String header;
    private final String value;
    private final String mode;
    private final MetricCounter rewritten;

    /** The element calls this constructor once per flow step that uses the bladelet. */
    public HeaderRewriteStep(BladeletContext context) {
        Parameters parameters = context.parameters();
        this.header = parameters.string("header");
        this.value = parameters.string("value");
        this.mode = parameters.string("mode");
        this.rewritten = context.counter("rewritten_total");
    }

    @Override
    public CompletionStage<StepOutcome> process(Message message) {
        MessageChanges.Builder changes = MessageChanges.builder();
        switch (mode) {
            case "add":
                changes.addHeader(header, value);
                break;
            case "remove":
                changes.removeHeader(header);
                break;
            default:
                changes.setHeader(header, value);
        }
        rewritten.increment();
        // nothing here blocks, so the outcome is ready at once
        return CompletableFuture.completedStage(StepOutcome.proceed(changes.build()));
    }
}
