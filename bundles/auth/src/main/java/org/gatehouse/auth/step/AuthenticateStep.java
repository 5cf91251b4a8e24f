package org.gatehouse.auth.step;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.auth.credentials.CredentialExtractor;
import org.gatehouse.auth.credentials.CredentialExtractors;
import org.gatehouse.auth.credentials.UnreadableCredentialsException;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * Extracts credentials from the message type's locations and has the named authenticator check
 * them. No credentials or unreadable ones: 401 with the locations' challenges. Rejected: 401 with
 * the authenticator's challenges. The authenticator could not decide (its stage completed
 * exceptionally, say the directory is down): 503, never 401 and never a pass. Authenticated: the
 * message goes on with the identity, and the attributes {@code auth.principal} and
 * {@code auth.method} set; the credentials at its locations are kept from the upstream unless the
 * step forwards them.
 */
final class AuthenticateStep implements PlatformStep {
    private final String method;
    private final String realm;
    private final boolean forwardCredential;
    private final StepResources resources;
    private final Logger logger;
    private final String stepName;
    /** Extractors per list of locations: message types differ, each list is built once. */
    private final Map<List<CredentialLocation>, List<CredentialExtractor>> extractors = new ConcurrentHashMap<>();

    AuthenticateStep(String method, String realm, boolean forwardCredential, StepResources resources, Logger logger, String stepName) {
        this.method = method;
        this.realm = realm;
        this.forwardCredential = forwardCredential;
        this.resources = resources;
        this.logger = logger;
        this.stepName = stepName;
    }

    @Override
    public CompletionStage<PlatformOutcome> process(Message message, MessageContext context) {
        List<CredentialExtractor> found;
        try {
            found = extractors.computeIfAbsent(context.credentialLocations(), CredentialExtractors::of);
        } catch (IllegalArgumentException e) {
            return done(PlatformOutcome.of(StepOutcome.fail("step " + stepName + ": " + e.getMessage())));
        }
        Optional<Authenticator> authenticator = resources.authenticator(method);
        if (authenticator.isEmpty()) {
            return done(PlatformOutcome.of(StepOutcome.fail("step " + stepName + ": no authenticator named '" + method + "'")));
        }
        Optional<Credentials> credentials;
        try {
            credentials = extract(found, message);
        } catch (UnreadableCredentialsException e) {
            logger.log(Level.INFO, "message {0} ({1}): unreadable credentials: {2}", message.id(), message.messageType(), e.getMessage());
            return done(AuthResponses.unauthorized(challenges(found)));
        }
        if (credentials.isEmpty()) {
            logger.log(Level.INFO, "message {0} ({1}): no credentials", message.id(), message.messageType());
            return done(AuthResponses.unauthorized(challenges(found)));
        }
        return call(authenticator.get(), credentials.get(), message, found);
    }

    private CompletionStage<PlatformOutcome> call(Authenticator authenticator, Credentials credentials, Message message,
                                                  List<CredentialExtractor> found) {
        CompletionStage<AuthenticationResult> stage;
        try {
            stage = authenticator.authenticate(credentials, message);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((result, error) -> {
            if (error != null || result == null) {
                logger.log(Level.WARNING, "message {0}: authenticator ''{1}'' could not decide on {2}: {3}", message.id(), method,
                        credentials, error == null ? "no result" : error);
                return AuthResponses.unavailable();
            }
            return outcome(result, credentials, message, found);
        });
    }

    private PlatformOutcome outcome(AuthenticationResult result, Credentials credentials, Message message,
                                    List<CredentialExtractor> found) {
        if (result instanceof AuthenticationResult.Authenticated authenticated) {
            logger.log(Level.DEBUG, "message {0}: authenticated as {1} by ''{2}''", message.id(),
                    authenticated.identity().principal(), method);
            MessageChanges changes = MessageChanges.builder()
                    .attribute("auth.principal", authenticated.identity().principal())
                    .attribute("auth.method", authenticated.identity().authenticationMethod())
                    .build();
            return PlatformOutcome.authenticated(authenticated.identity(), StepOutcome.proceed(changes), consumed(found, message));
        }
        AuthenticationResult.Rejected rejected = (AuthenticationResult.Rejected) result;
        logger.log(Level.INFO, "message {0}: {1} rejected by ''{2}'': {3}", message.id(), credentials, method, rejected.reason());
        return AuthResponses.unauthorized(rejected.challenges().isEmpty() ? challenges(found) : rejected.challenges());
    }

    /**
     * Every credential at every location this step reads, not only the one used: the upstream
     * cannot tell a credential the element checked from one it did not, so it gets none of them
     * (docs/data-plane.md "Consumed credentials"); all of them when the flow asks to forward.
     */
    private ConsumedCredentials consumed(List<CredentialExtractor> found, Message message) {
        if (forwardCredential) {
            return ConsumedCredentials.none();
        }
        ConsumedCredentials consumed = ConsumedCredentials.none();
        for (CredentialExtractor extractor : found) {
            consumed = consumed.plus(extractor.consumed(message));
        }
        return consumed;
    }

    private static Optional<Credentials> extract(List<CredentialExtractor> found, Message message) throws UnreadableCredentialsException {
        for (CredentialExtractor extractor : found) {
            Optional<Credentials> credentials = extractor.extract(message);
            if (credentials.isPresent()) {
                return credentials;
            }
        }
        return Optional.empty();
    }

    private List<String> challenges(List<CredentialExtractor> found) {
        return found.stream().map(e -> e.challenge(realm)).toList();
    }

    private static CompletionStage<PlatformOutcome> done(PlatformOutcome outcome) {
        return CompletableFuture.completedStage(outcome);
    }
}
