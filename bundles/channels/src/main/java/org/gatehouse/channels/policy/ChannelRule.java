package org.gatehouse.channels.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.channels.identity.InstanceIdentity;

/**
 * One rule of a channel policy, in the policy's order.
 *
 * @param name           unique in the policy; never {@code default}
 * @param answer         what the rule answers when it holds
 * @param sides          the sides it applies on
 * @param source         what {@code <from>} named: {@code identity billing} or {@code group back-office}
 * @param sources        the identities it names (one, or a group's members)
 * @param service        the target service
 * @param port           the one port it applies to, or empty for every port of the service
 * @param protocol       the one protocol it applies to, or empty for every protocol
 * @param windows        when it holds; empty: at any time
 * @param limits         connection limits (none for a deny)
 * @param qualifications what a qualified enable demands; {@link Qualifications#NONE} otherwise
 */
public record ChannelRule(String name, Answer answer, Set<Side> sides, String source, List<IdentityEntry> sources, Service service,
                          Optional<Integer> port, Optional<Protocol> protocol, List<TimeWindow> windows, ConnectionLimits limits,
                          Qualifications qualifications) {
    public ChannelRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(answer, "answer");
        sides = Set.copyOf(sides);
        Objects.requireNonNull(source, "source");
        sources = List.copyOf(sources);
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(protocol, "protocol");
        windows = List.copyOf(windows);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(qualifications, "qualifications");
    }

    /** True when every criterion holds: side, source, target and time. */
    boolean holds(Side side, InstanceIdentity instance, String serviceName, int targetPort, Protocol targetProtocol, Instant at) {
        return sides.contains(side)
                && service.name().equals(serviceName)
                && port.map(p -> p == targetPort).orElse(true)
                && protocol.map(p -> p == targetProtocol).orElse(true)
                && sources.stream().anyMatch(s -> s.matches(instance))
                && (windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(at)));
    }
}
