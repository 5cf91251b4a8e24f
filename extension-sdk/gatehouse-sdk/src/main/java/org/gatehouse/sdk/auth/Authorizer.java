package org.gatehouse.sdk.auth;

import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An extension authorization method ({@code kind="authorizer"} in the descriptor): decides
 * whether an authenticated identity may have this message served.
 *
 * <p>Built and run like a step (see {@link Authenticator}). A stage completed exceptionally is
 * not a permit: the engine fails the message.
 *
 * <pre>{@code
 * public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
 *     boolean admin = identity.memberOf("admins") || !message.path().startsWith("/admin/");
 *     return CompletableFuture.completedStage(admin ? AuthorizationDecision.permit()
 *             : AuthorizationDecision.deny(identity.principal() + " is not in admins"));
 * }
 * }</pre>
 */
@ConsumerType
public interface Authorizer {
    /** Permits or denies the identity this message. */
    CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message);

    /** Releases what the instance holds. Called once; the default does nothing. */
    default void close() {
    }
}
