package org.gatehouse.test.support.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A key pair and its certificate chain, leaf first (an authority's own is a chain of one).
 *
 * @param keys  the subject's key pair
 * @param chain the certificate, then its issuers' up to the self-signed root
 */
public record Issued(KeyPair keys, List<X509Certificate> chain) {
    public Issued {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a chain of at least the certificate itself, got none");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }
}
