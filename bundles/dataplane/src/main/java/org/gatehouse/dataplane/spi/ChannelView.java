package org.gatehouse.dataplane.spi;

import java.time.Instant;

/**
 * A channel open at this element, as reads show it (docs/channels.md "In the element"): never key
 * material, only the ids of its current keys (hashes of their public context) and its counters.
 *
 * @param side           {@code ingress} (this element opened it) or {@code egress} (a peer did)
 * @param channelId      its id on its tunnel connection
 * @param peer           the peer element's certificate subject
 * @param source         the source instance (its SPIFFE ID, or {@code dn:} and its subject)
 * @param service        the target service
 * @param port           the target port
 * @param rule           the rule of this element's policy that enabled it
 * @param openedAt       when it opened
 * @param sendKeyId      the id of the current sending key
 * @param receiveKeyId   the id of the current receiving key
 * @param bytesSent      plaintext bytes sent
 * @param bytesReceived  plaintext bytes received
 * @param framesSent     sealed frames sent
 * @param framesReceived sealed frames received
 */
public record ChannelView(String side, long channelId, String peer, String source, String service, int port, String rule, Instant openedAt,
        String sendKeyId, String receiveKeyId, long bytesSent, long bytesReceived, long framesSent, long framesReceived) {
}
