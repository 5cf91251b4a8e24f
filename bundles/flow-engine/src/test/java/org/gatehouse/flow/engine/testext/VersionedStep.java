package org.gatehouse.flow.engine.testext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * The one class of the extension bundles the OSGi test builds: marks a message with the
 * extension's version after holding it for a while, so an upgrade can happen meanwhile.
 */
public final class VersionedStep implements Bladelet {
    private final String version;
    private final Duration hold;

    public VersionedStep(BladeletContext context) {
        version = context.parameters().string("version");
        hold = context.parameters().duration("hold");
    }

    @Override
    public CompletionStage<StepOutcome> process(Message message) {
        try {
            Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
            return CompletableFuture.failedStage(e);
        }
        return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder().setHeader("X-Version", version).build()));
    }
}
