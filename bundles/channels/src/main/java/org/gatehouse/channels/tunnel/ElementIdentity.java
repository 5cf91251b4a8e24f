package org.gatehouse.channels.tunnel;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The element's TLS identity on the tunnel connection: the private key its TLS context holds and
 * the certificate it presents. The tunnel signs key-agreement shares with this key; the peer
 * checks them against the certificate this connection presented (docs/channels.md "Keys and frames").
 *
 * @param privateKey  the key of the TLS certificate
 * @param certificate the certificate the element presents on the tunnel connection
 */
public record ElementIdentity(PrivateKey privateKey, X509Certificate certificate) {
    public ElementIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String toString() {
        return "ElementIdentity[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
