package org.gatehouse.dataplane.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.gatehouse.dataplane.config.TlsConfig;

/**
 * Builds the server-side TLS context of a listener from its {@code <tls>} element: PEM
 * certificate chain and PKCS#8 key, optional client certificates checked against the trusted
 * CAs, ALPN offering h2 then http/1.1 for {@code https}; provider and protocol versions as
 * every TLS context of the element ({@link TlsProviders}).
 */
public final class ServerTlsContexts {
    private ServerTlsContexts() {
    }

    /**
     * @param alpnHttp whether to negotiate h2/http/1.1 by ALPN (https listeners) or nothing (tcp)
     * @throws SSLException naming the files when they cannot be used
     */
    public static SslContext build(TlsConfig tls, Path confDir, boolean alpnHttp) throws SSLException {
        Path certificate = confDir.resolve(tls.certificate());
        Path key = confDir.resolve(tls.privateKey());
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(certificate.toFile(), key.toFile());
        } catch (IllegalArgumentException e) {
            throw new SSLException("cannot use certificate " + certificate + " with key " + key + ": " + e.getMessage(), e);
        }
        TlsProviders.common(builder, tls.provider());
        builder.clientAuth(clientAuth(tls.clientAuth()));
        if (tls.trustedClientCas() != null) {
            builder.trustManager(confDir.resolve(tls.trustedClientCas()).toFile());
        }
        if (alpnHttp) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    // both OpenSSL and the JDK support these two behaviours
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new SSLException("cannot build TLS from " + certificate + " and " + key + ": " + e.getMessage(), e);
        }
    }

    private static ClientAuth clientAuth(TlsConfig.ClientAuth mode) {
        switch (mode) {
            case OPTIONAL:
                return ClientAuth.OPTIONAL;
            case REQUIRE:
                return ClientAuth.REQUIRE;
            default:
                return ClientAuth.NONE;
        }
    }
}
