package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code <tls>} child of a pool: its members are spoken to over TLS. Paths are PEM files,
 * relative to the conf folder. There is no setting that skips the server certificate check.
 *
 * @param trustedCas  the CA certificates a member's certificate must chain to
 * @param serverName  the name members' certificates must carry (and SNI), unless a member names its own;
 *                    null: each member's address
 * @param certificate the element's client certificate chain, or null for none
 * @param privateKey  the key of {@code certificate} (PKCS#8), or null
 * @param provider    OpenSSL or the JDK, chosen as for listeners
 */
public record UpstreamTlsConfig(
        @JsonProperty("trusted-cas") String trustedCas,
        @JsonProperty("server-name") String serverName,
        String certificate,
        @JsonProperty("private-key") String privateKey,
        TlsConfig.TlsProvider provider) {

    public UpstreamTlsConfig {
        provider = provider == null ? TlsConfig.TlsProvider.AUTO : provider;
    }

    /** The name a member's certificate must carry: its own {@code server-name}, the pool's, or its address. */
    public String expectedName(MemberConfig member) {
        if (member.serverName() != null) {
            return member.serverName();
        }
        return serverName != null ? serverName : HostPort.unbracket(member.address());
    }
}
