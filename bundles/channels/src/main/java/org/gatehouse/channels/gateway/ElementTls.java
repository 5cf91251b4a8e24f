package org.gatehouse.channels.gateway;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.gatehouse.channels.tunnel.ElementIdentity;

/**
 * The element's mutual TLS towards peer elements (docs/channels.md "In the element"): its
 * certificate and key from {@code <channels>}, and the CAs peer elements must chain to. A channel
 * listener requires a client certificate; a connection to a peer checks the peer's certificate
 * against the CAs and the expected peer name (endpoint identification {@code HTTPS}). TLS 1.3 and
 * 1.2, on the JDK's provider, so the tunnel's binding sees the very certificate presented.
 *
 * @param identity the element's key and certificate, also what the tunnel signs shares with
 * @param chain    the certificate chain it presents
 * @param server   the context of channel listeners
 * @param client   the context of connections to peers
 */
record ElementTls(ElementIdentity identity, List<X509Certificate> chain, SslContext server, SslContext client) {
    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Reads the files; a file that does not serve is an exception naming it. */
    static ElementTls read(Path certificate, Path privateKey, Path trustedCas) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(certificate);
        List<X509Certificate> cas = certificates(trustedCas);
        PrivateKey key = privateKey(privateKey, chain.get(0));
        X509Certificate[] trusted = cas.toArray(X509Certificate[]::new);
        X509Certificate[] presented = chain.toArray(X509Certificate[]::new);
        SslContext server = SslContextBuilder.forServer(key, presented).sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                .trustManager(trusted).clientAuth(ClientAuth.REQUIRE).build();
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                .keyManager(key, presented).trustManager(trusted).build();
        return new ElementTls(new ElementIdentity(key, chain.get(0)), List.copyOf(chain), server, client);
    }

    /** The client side of a connection to a peer that must present a certificate for {@code peerName}. */
    SslHandler clientHandler(ByteBufAllocator alloc, String peerName, int port) {
        SslHandler handler = client.newHandler(alloc, peerName, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(file + " holds no X.509 certificate");
            }
            return certificates;
        }
    }

    /** An unencrypted PKCS#8 key of the certificate's algorithm. */
    static PrivateKey privateKey(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
        Matcher pem = PKCS8.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new GeneralSecurityException(file + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
        String algorithm = certificate.getPublicKey().getAlgorithm();
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
