package org.gatehouse.sdk.auth;

import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An extension authentication method ({@code kind="authenticator"} in the descriptor): checks
 * credentials that the engine extracted from a message and says who sent it.
 *
 * <p>Built like a step (a public constructor taking one
 * {@link org.gatehouse.sdk.bladelet.BladeletContext}) and run like one: off the event loop, may
 * block or complete later, must complete before the deadline. A stage completed exceptionally
 * means the method could not decide (say, its server is down): the engine fails the message
 * with a 5xx, never lets it through. Credentials of a kind the method does not handle are a
 * {@link AuthenticationResult.Rejected rejection}.
 *
 * <pre>{@code
 * public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
 *     if (credentials instanceof Credentials.Bearer bearer && tokens.isValid(bearer.token())) {
 *         return CompletableFuture.completedStage(AuthenticationResult.authenticated(
 *                 Identity.of(tokens.subject(bearer.token()), "acme-token", clock.instant())));
 *     }
 *     return CompletableFuture.completedStage(AuthenticationResult.rejected("unknown token", "Bearer realm=\"acme\""));
 * }
 * }</pre>
 */
@ConsumerType
public interface Authenticator {
    /** Checks the credentials; the message is there for context (listener, TLS, headers). */
    CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message);

    /** Releases what the instance holds. Called once; the default does nothing. */
    default void close() {
    }
}
