package org.gatehouse.management.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS of the management listener: the key store holding its key and certificate chain, and,
 * for client certificates, the trust store of the CAs that issue them.
 */
public record TlsSettings(Path keyStore, String keyStorePassword, String keyStoreType, Optional<Path> trustStore,
                          String trustStorePassword, ClientAuth clientAuth) {
    public TlsSettings {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (clientAuth != ClientAuth.NONE && trustStore.isEmpty()) {
            throw new IllegalArgumentException("client certificates (" + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                    + ") need a trust store: set gatehouse.management.truststore");
        }
    }
}
