package org.gatehouse.sample.header.rewrite;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * A flow step that removes and renames request headers and tells the upstream who the client is:
 * the principal, the groups and chosen claims of the identity an earlier authentication step
 * established, each in a header the flow names.
 *
 * <p>The identity headers are always removed from the request first, whether or not there is an
 * identity, so that a client can never send {@code X-User: admin} itself and have it reach an
 * upstream that trusts the header. Order of work: remove, rename, then the identity headers.
 *
 * <pre>{@code
 * <step bladelet="header-rewrite">
 *   <parameter name="remove">Authorization, Cookie</parameter>
 *   <parameter name="principal-header">X-User</parameter>
 *   <parameter name="groups-header">X-Groups</parameter>
 * </step>
 * }</pre>
 */
public final class HeaderRewriteStep implements Bladelet {
    private final RewriteRules rules;
    private final boolean rejectWithoutIdentity;
    private final System.Logger logger;
    private final MetricCounter rewritten;
    private final MetricCounter rejected;
    private final MetricCounter unsafeValues;

    /** Reads the step's parameters; refuses a step that would do nothing. */
    public HeaderRewriteStep(BladeletContext context) {
        this.rules = RewriteRules.from(context.bladeletName(), context.stepName(), context.parameters());
        this.rejectWithoutIdentity = context.parameters().string("without-identity").equals("reject");
        this.logger = context.logger();
        this.rewritten = context.counter("rewritten_total");
        this.rejected = context.counter("rejected_total");
        this.unsafeValues = context.counter("unsafe_values_total");
    }

    @Override
    public CompletionStage<StepOutcome> process(Message message) {
        Optional<Identity> identity = message.identity();
        if (identity.isEmpty() && rejectWithoutIdentity) {
            rejected.increment();
            // 403, not 401: this step cannot name an authentication scheme for a WWW-Authenticate challenge (RFC 9110 15.5.2)
            return CompletableFuture.completedStage(StepOutcome.respond(Response.text(403, "authentication required")));
        }
        HeaderEdit edit = new HeaderEdit(message.headers());
        rules.removals().forEach(edit::remove);
        rules.renames().forEach(rename -> edit.rename(rename.from(), rename.to()));
        rules.identityHeaders().forEach(edit::remove);
        identity.ifPresent(who -> setIdentityHeaders(edit, who, message.id()));
        if (edit.isEmpty()) {
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
        rewritten.increment();
        return CompletableFuture.completedStage(StepOutcome.proceed(edit.changes()));
    }

    private void setIdentityHeaders(HeaderEdit edit, Identity identity, String messageId) {
        rules.principalHeader().ifPresent(header -> setSafely(edit, header, List.of(identity.principal()), messageId));
        rules.groupsHeader().ifPresent(header -> setSafely(edit, header, identity.groups(), messageId));
        for (RewriteRules.ClaimHeader claim : rules.claimHeaders()) {
            setSafely(edit, claim.header(), identity.claim(claim.claim()), messageId);
        }
    }

    /** Sets the header to the joined values, unless there are none or one would break the header's syntax. */
    private void setSafely(HeaderEdit edit, String header, List<String> values, String messageId) {
        if (values.isEmpty()) {
            return;
        }
        String joined = String.join(rules.separator(), values);
        if (!isSafeFieldValue(joined)) {
            // a directory attribute with a control character must not reach the upstream, nor fail the message
            unsafeValues.increment();
            logger.log(Level.WARNING, "message {0}: header {1} not set, its value holds control characters", messageId, header);
            return;
        }
        edit.set(header, joined);
    }

    /** RFC 9110 section 5.5: field values are visible characters, spaces and tabs (obs-text allowed). */
    static boolean isSafeFieldValue(String value) {
        return value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }
}
