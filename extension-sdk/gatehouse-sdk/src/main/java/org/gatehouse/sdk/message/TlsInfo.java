package org.gatehouse.sdk.message;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about the TLS connection a message arrived on.
 *
 * @param protocol          negotiated protocol version, such as {@code TLSv1.3}
 * @param cipherSuite       negotiated cipher suite, such as {@code TLS_AES_128_GCM_SHA256}
 * @param serverName        the SNI host name the client asked for, if it sent one
 * @param applicationProtocol the ALPN protocol, such as {@code h2}, if one was negotiated
 * @param peerCertificates  the client's certificate chain, end-entity first; empty without client authentication
 */
public record TlsInfo(String protocol, String cipherSuite, Optional<String> serverName,
                      Optional<String> applicationProtocol, List<X509Certificate> peerCertificates) {
    public TlsInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** True when the client presented a certificate. */
    public boolean clientAuthenticated() {
        return !peerCertificates.isEmpty();
    }
}
