package org.gatehouse.channels.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * An element's answer on a channel, for its side: deny with a reason and the rule that answered
 * (or {@code default}), enable, or qualified enable with its {@link Qualifications}.
 *
 * <pre>{@code
 * ChannelDecision decision = policy.decide(request);
 * if (decision.answer() == Answer.DENY) {
 *     refuse(decision);            // "denied [connection-limit] rule [orders-read] side [ingress] ..."
 * }
 * Optional<ConnectionCounts.Lease> lease = counts.acquire(decision);
 * }</pre>
 *
 * @param answer         deny, enable or qualified enable
 * @param reason         why: {@link Reason#RULE} when a rule answered as it says, otherwise why it was denied
 * @param rule           the rule that answered, or {@code default}
 * @param side           the side decided for
 * @param sourceKey      the source instance as connection counts know it ({@link org.gatehouse.channels.identity.InstanceIdentity#key()})
 * @param limits         the answering rule's connection limits
 * @param qualifications for a qualified enable; {@link Qualifications#NONE} for an enable; for a deny, nothing passes
 */
public record ChannelDecision(Answer answer, Reason reason, String rule, Side side, String sourceKey, ConnectionLimits limits,
                              Qualifications qualifications) {
    /** The rule name a decision gives when no rule answered. */
    public static final String DEFAULT_RULE = "default";

    /** Why a channel got its answer. */
    public enum Reason {
        /** A rule held and answered. */
        RULE,
        /** No rule held: channels are denied by default. */
        DEFAULT,
        /** The rule that held has as many channels open as its limits allow. */
        CONNECTION_LIMIT,
        /** The policy has no such service, or the service no such port with that protocol. */
        UNKNOWN_TARGET;

        /** {@code rule}, {@code default}, {@code connection-limit}, {@code unknown-target}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Qualifications DENIED = new Qualifications(true, AuditLevel.DENIALS, CommandFilter.NOTHING);

    public ChannelDecision {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(qualifications, "qualifications");
    }

    static ChannelDecision deny(Reason reason, String rule, ChannelRequest request) {
        return new ChannelDecision(Answer.DENY, reason, rule, request.side(), request.source().key(), ConnectionLimits.NONE, DENIED);
    }

    static ChannelDecision of(ChannelRule rule, ChannelRequest request) {
        return new ChannelDecision(rule.answer(), Reason.RULE, rule.name(), request.side(), request.source().key(), rule.limits(),
                rule.answer() == Answer.DENY ? DENIED : rule.qualifications());
    }

    /** True for enable and qualified enable. */
    public boolean enabled() {
        return answer != Answer.DENY;
    }

    /** The commands the channel may carry: none for a denied channel. */
    public CommandFilter commands() {
        return qualifications.commands();
    }

    /** {@code denied [default] rule [default] side [ingress] source [spiffe://...]}, and so on. */
    @Override
    public String toString() {
        String verb = switch (answer) {
            case DENY -> "denied [" + reason + "]";
            case ENABLE -> "enabled";
            case QUALIFIED_ENABLE -> "enabled qualified";
        };
        return verb + " rule [" + rule + "] side [" + side.name().toLowerCase(Locale.ROOT) + "] source [" + sourceKey + "]";
    }
}
