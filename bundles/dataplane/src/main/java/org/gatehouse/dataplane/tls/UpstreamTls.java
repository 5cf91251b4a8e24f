package org.gatehouse.dataplane.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.gatehouse.dataplane.config.PemFiles;
import org.gatehouse.dataplane.config.UpstreamTlsConfig;

/**
 * The client TLS of one pool: built once per configuration from the pool's {@code <tls>} and
 * reused by every connection to its members (requests, tcp relays, health checks), so that the
 * context's session cache lets later connections resume (RFC 8446 section 2.2, RFC 5246 section
 * 7.3) instead of a full handshake each time.
 *
 * <pre>{@code
 * UpstreamTls tls = UpstreamTls.build(pool.tls(), confDir, pool.connectTimeout());
 * channel.pipeline().addLast("tls", tls.newHandler(channel.alloc(), "api.internal", 8443, true));
 * }</pre>
 *
 * <p>Each handler checks the server certificate against the trusted CAs and the expected name
 * (endpoint identification {@code HTTPS}), sends that name as SNI unless it is an IP address, and
 * offers ALPN {@code http/1.1} for HTTP (the element speaks HTTP/1.1 to upstreams) and nothing
 * for a tcp relay, whose bytes are not the element's to name.
 */
public final class UpstreamTls {
    private final SslContext http;
    private final SslContext relay;
    private final VerifyingTrustManager trust;
    private final byte[] material;
    private final long handshakeTimeoutMillis;
    private final LongAdder handshakes = new LongAdder();

    private UpstreamTls(SslContext http, SslContext relay, VerifyingTrustManager trust, byte[] material, long handshakeTimeoutMillis) {
        this.http = http;
        this.relay = relay;
        this.trust = trust;
        this.material = material;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /**
     * Reads the pool's PEM files and builds its contexts.
     *
     * @param handshakeTimeout how long a handshake may take once connected (the pool's connect-timeout)
     * @throws SSLException naming the file that cannot be used
     */
    public static UpstreamTls build(UpstreamTlsConfig tls, Path confDir, Duration handshakeTimeout) throws SSLException {
        try {
            List<X509Certificate> cas = PemFiles.certificates(confDir.resolve(tls.trustedCas()));
            VerifyingTrustManager trust = VerifyingTrustManager.trusting(cas);
            List<X509Certificate> chain = null;
            PrivateKey key = null;
            if (tls.certificate() != null) {
                chain = PemFiles.certificates(confDir.resolve(tls.certificate()));
                key = PemFiles.privateKeyOf(confDir.resolve(tls.privateKey()), chain.get(0));
            }
            SslContext http = context(tls, trust, chain, key, true);
            SslContext relay = context(tls, trust, chain, key, false);
            return new UpstreamTls(http, relay, trust, digest(tls, confDir), handshakeTimeout.toMillis());
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private static SslContext context(UpstreamTlsConfig tls, VerifyingTrustManager trust, List<X509Certificate> chain, PrivateKey key,
            boolean alpnHttp) throws SSLException {
        SslContextBuilder builder = TlsProviders.common(SslContextBuilder.forClient(), tls.provider())
                .trustManager(trust)
                .endpointIdentificationAlgorithm(VerifyingTrustManager.ENDPOINT_IDENTIFICATION);
        if (chain != null) {
            builder.keyManager(key, chain);
        }
        if (alpnHttp) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_1_1));
        }
        return builder.build();
    }

    /** SHA-256 over the files read, so that a pool whose files changed is not kept across a reload. */
    private static byte[] digest(UpstreamTlsConfig tls, Path confDir) throws IOException, GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (String file : Arrays.asList(tls.trustedCas(), tls.certificate(), tls.privateKey())) {
            if (file != null) {
                sha256.update(Files.readAllBytes(confDir.resolve(file)));
                sha256.update((byte) 0);
            }
        }
        return sha256.digest();
    }

    /** Whether {@code other} was built from the same file contents. */
    public boolean sameMaterial(UpstreamTls other) {
        return other != null && MessageDigest.isEqual(material, other.material);
    }

    /**
     * A client handler for a connection to {@code port} of a member expected to be
     * {@code expectedName}. The connection itself goes to the member's address; the name is what
     * the certificate must carry and what SNI says.
     *
     * @param forHttp ALPN {@code http/1.1} for HTTP exchanges and health checks; none for a tcp relay
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String expectedName, int port, boolean forHttp) {
        SslHandler handler = (forHttp ? http : relay).newHandler(alloc, expectedName, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(VerifyingTrustManager.ENDPOINT_IDENTIFICATION);
        if (!NetUtil.isValidIpV4Address(expectedName) && !NetUtil.isValidIpV6Address(expectedName)) {
            // the JDK sends no SNI for a name without a dot (localhost); sent explicitly for every name
            parameters.setServerNames(List.of(new SNIHostName(expectedName)));
        }
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** Counts a completed handshake, for {@link #resumedHandshakes()}. */
    public void handshakeCompleted() {
        handshakes.increment();
    }

    /** Handshakes completed with this pool's members. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Completed handshakes that checked no certificate: sessions resumed. */
    public long resumedHandshakes() {
        return Math.max(0, handshakes.sum() - trust.verifications());
    }

    /** OpenSSL or the JDK, as chosen for this pool. */
    public String provider() {
        return http instanceof JdkSslContext ? "jdk" : "openssl";
    }
}
