package org.gatehouse.dataplane.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import org.gatehouse.dataplane.config.TlsConfig;

/**
 * What every TLS context of the element shares, listener or upstream: the implementation
 * (OpenSSL through netty-tcnative when {@link OpenSsl#isAvailable()}, else the JDK, unless one
 * is asked for), TLS 1.3 and 1.2 only, and the cipher suites Netty chooses for that
 * implementation (its defaults: AEAD suites with forward secrecy).
 *
 * <pre>{@code
 * SslContext context = TlsProviders.common(SslContextBuilder.forClient(), tls.provider()).build();
 * }</pre>
 */
public final class TlsProviders {
    /** The protocol versions spoken, newest first. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsProviders() {
    }

    /** The provider a context will use for {@code wanted}. */
    public static SslProvider provider(TlsConfig.TlsProvider wanted) throws SSLException {
        switch (wanted) {
            case JDK:
                return SslProvider.JDK;
            case OPENSSL:
                if (!OpenSsl.isAvailable()) {
                    throw new SSLException("provider=\"openssl\" but OpenSSL is not available: " + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            default:
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        }
    }

    /** Sets the provider and the protocol versions on {@code builder}; cipher suites stay the provider's defaults. */
    public static SslContextBuilder common(SslContextBuilder builder, TlsConfig.TlsProvider wanted) throws SSLException {
        return builder.sslProvider(provider(wanted)).protocols(PROTOCOLS);
    }
}
