package org.gatehouse.channels.gateway;

import java.time.Instant;
import org.gatehouse.channels.tunnel.TunnelChannel;

/**
 * A channel open at this element, as {@code GET /api/v1/channels} shows it: who, where, under which
 * rule, its key ids (never key material) and counters.
 *
 * @param side     {@code ingress} or {@code egress}
 * @param peer     the peer element's certificate subject
 * @param source   the source instance ({@code InstanceIdentity#key()})
 * @param service  the target service
 * @param port     the target port
 * @param rule     the rule of this element's policy that enabled it
 * @param openedAt when it opened
 * @param channel  the tunnel channel (its id, key ids and counters, read when shown)
 */
public record OpenChannel(String side, String peer, String source, String service, int port, String rule, Instant openedAt,
        TunnelChannel channel) {

    /** A one-line view for logs and the command line. */
    public String describe() {
        return side + " channel " + channel.id() + " peer [" + peer + "] source [" + source + "] target [" + service + ":" + port
                + "] rule [" + rule + "] keys [send " + channel.sendKeyId() + ", receive " + channel.receiveKeyId() + "]";
    }
}
