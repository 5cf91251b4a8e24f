package org.gatehouse.auth.step;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * Passes the authenticated identity upstream (issue 5, item 5). First removes every header it
 * owns from the message, so that a client cannot send its own {@code X-Authenticated-User};
 * then sets the identity headers and, when a key is configured, a signed JWT. Without an
 * identity the step fails the message: forwarding it without the assertion would let the
 * upstream trust whatever the client sent.
 *
 * @param userHeader   the header that carries the principal; always stripped
 * @param groupsHeader the header that carries the groups, comma-separated; always stripped
 * @param setHeaders   whether to set the user and groups headers (false: only strip them)
 * @param methodHeader the header that carries the authentication method, if any
 * @param jwtHeader    the header that carries the signed assertion
 * @param strip        further client headers to remove
 * @param signer       the JWT signer, when a key is configured
 */
record IdentityAssertionStep(String userHeader, String groupsHeader, boolean setHeaders, Optional<String> methodHeader,
                             String jwtHeader, List<String> strip, Optional<AssertionSigner> signer, Clock clock,
                             String stepName) implements PlatformStep {
    IdentityAssertionStep {
        strip = List.copyOf(strip);
    }

    @Override
    public CompletionStage<PlatformOutcome> process(Message message, MessageContext context) {
        Optional<Identity> identity = message.identity();
        if (identity.isEmpty()) {
            return CompletableFuture.completedStage(PlatformOutcome.of(StepOutcome.fail("step " + stepName
                    + ": no authenticated identity to assert; put an authenticate step before it")));
        }
        MessageChanges.Builder changes = MessageChanges.builder();
        changes.removeHeader(userHeader);
        changes.removeHeader(groupsHeader);
        methodHeader.ifPresent(changes::removeHeader);
        changes.removeHeader(jwtHeader);
        strip.forEach(changes::removeHeader);
        Identity who = identity.get();
        if (setHeaders) {
            changes.setHeader(userHeader, who.principal());
            changes.setHeader(groupsHeader, String.join(",", who.groups()));
        }
        methodHeader.ifPresent(h -> changes.setHeader(h, who.authenticationMethod()));
        signer.ifPresent(s -> changes.setHeader(jwtHeader, s.mint(who, clock.instant())));
        return CompletableFuture.completedStage(PlatformOutcome.of(StepOutcome.proceed(changes.build())));
    }
}
