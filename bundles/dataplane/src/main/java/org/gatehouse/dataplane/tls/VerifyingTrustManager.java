package org.gatehouse.dataplane.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks an upstream's certificate with the JDK's PKIX trust manager over the pool's trusted CAs
 * and the engine's endpoint identification ({@code HTTPS}, RFC 2818 / RFC 6125 names), and says
 * which of the two refused: the JDK reports both as a {@link CertificateException}, and the
 * client's error code must tell them apart. Only the engine-aware check is served; a caller
 * without an engine, or an engine without endpoint identification, is refused, so that no path
 * skips the name check.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
    static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private final X509ExtendedTrustManager pkix;
    private final LongAdder verifications = new LongAdder();

    private VerifyingTrustManager(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    /** A trust manager trusting exactly {@code cas}. */
    static VerifyingTrustManager trusting(List<X509Certificate> cas) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager) {
                return new VerifyingTrustManager((X509ExtendedTrustManager) manager);
            }
        }
        throw new GeneralSecurityException("the PKIX trust manager factory gave no X509ExtendedTrustManager");
    }

    /** Full handshakes: certificates checked (a resumed session is not checked again). */
    long verifications() {
        return verifications.sum();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verifications.increment();
        SSLParameters parameters = engine == null ? null : engine.getSSLParameters();
        if (parameters == null || !ENDPOINT_IDENTIFICATION.equals(parameters.getEndpointIdentificationAlgorithm())) {
            throw new ServerCertificateException(UpstreamTlsException.Kind.HANDSHAKE,
                    "the engine checks no server name (endpoint identification is not HTTPS)", null);
        }
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException refused) {
            throw explain(chain, authType, refused);
        }
    }

    /**
     * Tells an untrusted certificate from a name mismatch: the engine-aware check failed; if the
     * chain alone passes, the name was what failed.
     */
    private ServerCertificateException explain(X509Certificate[] chain, String authType, CertificateException refused) {
        String subject = chain == null || chain.length == 0 ? "(none)" : chain[0].getSubjectX500Principal().getName();
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException untrusted) {
            return new ServerCertificateException(UpstreamTlsException.Kind.UNTRUSTED, "certificate " + subject
                    + (chain == null || chain.length == 0 ? "" : " issued by " + chain[0].getIssuerX500Principal().getName())
                    + " is not trusted: " + untrusted.getMessage(), refused);
        }
        return new ServerCertificateException(UpstreamTlsException.Kind.NAME_MISMATCH, "certificate " + subject
                + " does not name the server: " + refused.getMessage(), refused);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new ServerCertificateException(UpstreamTlsException.Kind.HANDSHAKE, "upstream TLS runs on engines only", null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new ServerCertificateException(UpstreamTlsException.Kind.HANDSHAKE, "a check without the engine cannot check the server name", null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("an upstream connection does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("an upstream connection does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an upstream connection does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
