package org.gatehouse.auth.rule;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Permits when the rule {@code expression} holds (bladelet {@code rule}); time variables are read
 * in {@code time-zone}. The rule is parsed when the flow loads, so a mistake stops the flow from
 * loading with the column of the mistake.
 */
public final class RuleAuthorizer implements Authorizer {
    private final Rule rule;
    private final ZoneId zone;
    private final Clock clock;

    public RuleAuthorizer(BladeletContext context) {
        this.rule = Rule.parse(context.parameters().string("expression"));
        try {
            this.zone = ZoneId.of(context.parameters().string("time-zone"));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("parameter 'time-zone': " + e.getMessage(), e);
        }
        this.clock = context.clock();
    }

    @Override
    public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
        boolean permitted = rule.test(new RuleInput(identity, message, clock.instant().atZone(zone)));
        return CompletableFuture.completedStage(permitted ? AuthorizationDecision.permit()
                : AuthorizationDecision.deny(identity.principal() + " does not satisfy rule " + rule));
    }
}
