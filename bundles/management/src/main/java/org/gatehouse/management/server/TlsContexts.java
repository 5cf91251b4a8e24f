package org.gatehouse.management.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a listener's TLS context from key and trust stores, with the JDK provider (TLS 1.2 and
 * 1.3): the management listener's, and the confirmation listener's (which always requires a client
 * certificate).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContext server(TlsSettings tls) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(tls.keyStore(), tls.keyStoreType(), tls.keyStorePassword()), tls.keyStorePassword().toCharArray());
            SslContextBuilder builder = SslContextBuilder.forServer(keys)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .clientAuth(switch (tls.clientAuth()) {
                        case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
                        case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                        case REQUIRED -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                    });
            if (tls.trustStore().isPresent()) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(tls.trustStore().get(), KeyStore.getDefaultType(), tls.trustStorePassword()));
                builder.trustManager(trust);
            }
            return builder.build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("management TLS cannot be set up from " + tls.keyStore() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String type, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
