package org.gatehouse.dataplane.spi;

import java.time.Duration;

/**
 * A {@code <channel-member>} of a pool: the target service and the peer element in front of it.
 *
 * @param peerAddress    the peer element's channel listener address
 * @param peerPort       its port
 * @param peerName       the name the peer's certificate must carry
 * @param service        the target service, a name of both elements' channel policies
 * @param port           the service's port
 * @param connectTimeout the pool's connect timeout, for the tunnel connection and its handshake
 */
public record ChannelTarget(String peerAddress, int peerPort, String peerName, String service, int port, Duration connectTimeout) {
}
