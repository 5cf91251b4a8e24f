package org.gatehouse.auth.step;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Asks the named authorizer whether the message's identity may have it served. Deny: 403. No
 * identity (no authenticate step ran before): 403, logged as a flow mistake. The authorizer
 * could not decide: 503. Permit: the message goes on unchanged.
 */
final class AuthorizeStep implements PlatformStep {
    private final String method;
    private final StepResources resources;
    private final Logger logger;
    private final String stepName;

    AuthorizeStep(String method, StepResources resources, Logger logger, String stepName) {
        this.method = method;
        this.resources = resources;
        this.logger = logger;
        this.stepName = stepName;
    }

    @Override
    public CompletionStage<PlatformOutcome> process(Message message, MessageContext context) {
        Optional<Authorizer> authorizer = resources.authorizer(method);
        if (authorizer.isEmpty()) {
            return CompletableFuture.completedStage(
                    PlatformOutcome.of(StepOutcome.fail("step " + stepName + ": no authorizer named '" + method + "'")));
        }
        if (message.identity().isEmpty()) {
            logger.log(Level.WARNING, "message {0}: step {1} has no identity to authorize; is there an authenticate step before it?",
                    message.id(), stepName);
            return CompletableFuture.completedStage(AuthResponses.forbidden());
        }
        Identity identity = message.identity().get();
        CompletionStage<AuthorizationDecision> stage;
        try {
            stage = authorizer.get().authorize(identity, message);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((decision, error) -> {
            if (error != null || decision == null) {
                logger.log(Level.WARNING, "message {0}: authorizer ''{1}'' could not decide for {2}: {3}", message.id(), method,
                        identity.principal(), error == null ? "no decision" : error);
                return AuthResponses.unavailable();
            }
            if (decision instanceof AuthorizationDecision.Deny deny) {
                logger.log(Level.INFO, "message {0}: {1} denied by ''{2}'': {3}", message.id(), identity.principal(), method,
                        deny.reason());
                return AuthResponses.forbidden();
            }
            return PlatformOutcome.of(StepOutcome.proceed());
        });
    }
}
