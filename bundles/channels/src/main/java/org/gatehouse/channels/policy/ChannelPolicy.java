package org.gatehouse.channels.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gatehouse.channels.policy.ChannelDecision.Reason;

/**
 * A channel policy as read from its document (docs/channels.md "Channel policy"): immutable, safe
 * to share, and replaced whole when its file changes.
 *
 * <p>{@link #decide} answers in this order: a target the policy does not know (no such service,
 * or no such port with that protocol) is denied ({@code unknown-target}); otherwise the rules are
 * tried in order and the first that holds (side, source, target, time window) answers: a deny
 * rule denies, an enabling rule whose connection limits are reached denies
 * ({@code connection-limit}), and otherwise it enables as it says. When no rule holds, the channel
 * is denied ({@code default}).
 *
 * <pre>{@code
 * ChannelPolicy policy = ChannelPolicyReader.read(Path.of("conf/channel-policy.xml"));
 * ChannelDecision decision = policy.decide(request);
 * }</pre>
 *
 * @param identities the identities by name
 * @param groups     each group's identities by group name
 * @param services   the services by name
 * @param rules      the rules, in order
 */
public record ChannelPolicy(Map<String, IdentityEntry> identities, Map<String, List<IdentityEntry>> groups, Map<String, Service> services,
                            List<ChannelRule> rules) {
    /** The policy with nothing in it: every channel is denied. */
    public static final ChannelPolicy DENY_ALL = new ChannelPolicy(Map.of(), Map.of(), Map.of(), List.of());

    public ChannelPolicy {
        identities = Map.copyOf(identities);
        groups = Map.copyOf(groups);
        services = Map.copyOf(services);
        rules = List.copyOf(rules);
    }

    /** The answer for the side {@code request} names. */
    public ChannelDecision decide(ChannelRequest request) {
        Objects.requireNonNull(request, "request");
        Service service = services.get(request.service());
        if (service == null || !service.offers(request.port(), request.protocol())) {
            return ChannelDecision.deny(Reason.UNKNOWN_TARGET, ChannelDecision.DEFAULT_RULE, request);
        }
        for (ChannelRule rule : rules) {
            if (rule.holds(request.side(), request.source(), request.service(), request.port(), request.protocol(), request.time())) {
                if (rule.answer() != Answer.DENY && request.counts().reached(rule.name(), request.source().key(), rule.limits())) {
                    return ChannelDecision.deny(Reason.CONNECTION_LIMIT, rule.name(), request);
                }
                return ChannelDecision.of(rule, request);
            }
        }
        return ChannelDecision.deny(Reason.DEFAULT, ChannelDecision.DEFAULT_RULE, request);
    }
}
