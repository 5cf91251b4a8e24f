package org.gatehouse.channels.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.gatehouse.channels.identity.InstanceIdentity;

/**
 * A channel an element is asked to decide on, for its own side.
 *
 * <pre>{@code
 * ChannelRequest request = ChannelRequest.of(Side.INGRESS, InstanceIdentity.of(clientCertificate),
 *         "orders", 8443, Protocol.HTTP, clock, counts);
 * }</pre>
 *
 * @param side     the side of the element deciding
 * @param source   the source instance
 * @param service  the target service's name
 * @param port     the target port
 * @param protocol the protocol asked for
 * @param time     when the channel opens, from the element's clock
 * @param counts   the channels open now, for the connection limits
 */
public record ChannelRequest(Side side, InstanceIdentity source, String service, int port, Protocol protocol, Instant time,
                             ConnectionCounts counts) {
    public ChannelRequest {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(counts, "counts");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
    }

    /** A request at the clock's present instant. */
    public static ChannelRequest of(Side side, InstanceIdentity source, String service, int port, Protocol protocol, Clock clock,
                                    ConnectionCounts counts) {
        return new ChannelRequest(side, source, service, port, protocol, clock.instant(), counts);
    }
}
