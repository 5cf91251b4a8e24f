package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code <tls>} child of a listener. Paths are PEM files, relative to the conf folder.
 */
public record TlsConfig(
        String certificate,
        @JsonProperty("private-key") String privateKey,
        @JsonProperty("client-auth") ClientAuth clientAuth,
        @JsonProperty("trusted-client-cas") String trustedClientCas,
        TlsProvider provider) {

    public TlsConfig {
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
        provider = provider == null ? TlsProvider.AUTO : provider;
    }

    /** Whether and how a client certificate is asked for. */
    public enum ClientAuth {
        @JsonProperty("none") NONE,
        @JsonProperty("optional") OPTIONAL,
        @JsonProperty("require") REQUIRE
    }

    /** Which TLS implementation serves the listener: OpenSSL when available for {@code auto}. */
    public enum TlsProvider {
        @JsonProperty("auto") AUTO,
        @JsonProperty("openssl") OPENSSL,
        @JsonProperty("jdk") JDK
    }
}
