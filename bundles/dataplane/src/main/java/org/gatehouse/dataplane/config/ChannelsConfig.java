package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code <channels>} child of the element: its channel policy and the identity it shows peer
 * elements on tunnel connections, both ways (docs/channels.md "The element's configuration").
 * Paths relative to the conf folder.
 *
 * @param policy            the channel policy file (read again whenever it changes)
 * @param certificate       the element's certificate chain (PEM) for tunnel connections
 * @param privateKey        its PKCS#8 key
 * @param trustedElementCas the CAs a peer element's certificate must chain to
 */
public record ChannelsConfig(
        String policy,
        String certificate,
        @JsonProperty("private-key") String privateKey,
        @JsonProperty("trusted-element-cas") String trustedElementCas) {

    public ChannelsConfig {
        policy = policy == null ? "channel-policy.xml" : policy;
    }
}
