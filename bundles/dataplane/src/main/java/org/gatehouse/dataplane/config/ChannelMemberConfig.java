package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One {@code <channel-member>} of a pool: a target reached through a peer element's channel
 * listener (docs/channels.md "The element's configuration").
 *
 * @param peerAddress where the peer element's channel listener is
 * @param peerPort    its port
 * @param peerName    the name the peer's certificate must carry; null: {@code peerAddress}
 * @param service     the target service, a name of both elements' channel policies
 * @param port        the service's port
 */
public record ChannelMemberConfig(
        @JsonProperty("peer-address") String peerAddress,
        @JsonProperty("peer-port") int peerPort,
        @JsonProperty("peer-name") String peerName,
        String service,
        int port) {

    /** The name the peer element's certificate must carry. */
    public String expectedPeerName() {
        return peerName != null ? peerName : HostPort.unbracket(peerAddress);
    }

    /** {@code service:port via peer-address:peer-port}, as in logs and error messages. */
    public String describe() {
        return service + ":" + port + " via " + HostPort.format(peerAddress, peerPort);
    }
}
