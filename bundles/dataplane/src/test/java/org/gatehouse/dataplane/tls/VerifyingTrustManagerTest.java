package org.gatehouse.dataplane.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * The checks no caller can get around: a check made without an engine, on a socket, or on an
 * engine that does not identify the endpoint is refused, whatever the chain; so the name check
 * cannot be skipped by a provider or a code path that calls another overload. The accepted side
 * (a trusted chain for the right name) is shown end to end in {@code UpstreamTlsTest}.
 */
class VerifyingTrustManagerTest {
    @Test
    void checksThatCouldSkipTheNameAreRefusedEvenForATrustedChain() throws Exception {
        Authority ca = TestPki.authority("CN=Trusted CA");
        X509Certificate[] chain = ca.server("CN=localhost").chain().toArray(X509Certificate[]::new);
        VerifyingTrustManager trust = VerifyingTrustManager.trusting(List.of(ca.certificate()));

        ServerCertificateException withoutEngine = assertThrows(ServerCertificateException.class,
                () -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertEquals(UpstreamTlsException.Kind.HANDSHAKE, withoutEngine.kind());
        assertThrows(ServerCertificateException.class, () -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", (java.net.Socket) null));
        assertThrows(ServerCertificateException.class, () -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", (SSLEngine) null));

        SSLEngine noIdentification = SSLContext.getDefault().createSSLEngine("localhost", 443);
        noIdentification.setUseClientMode(true);
        ServerCertificateException refused = assertThrows(ServerCertificateException.class,
                () -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", noIdentification));
        assertEquals(UpstreamTlsException.Kind.HANDSHAKE, refused.kind());
        assertEquals(1, trust.getAcceptedIssuers().length, "exactly the configured CA");
    }

    @Test
    void anUpstreamConnectionChecksNoClients() throws Exception {
        Authority ca = TestPki.authority("CN=Trusted CA");
        X509Certificate[] chain = ca.client("CN=someone").chain().toArray(X509Certificate[]::new);
        VerifyingTrustManager trust = VerifyingTrustManager.trusting(List.of(ca.certificate()));
        assertThrows(java.security.cert.CertificateException.class, () -> trust.checkClientTrusted(chain, "ECDHE_ECDSA"));
    }

    @Test
    void failuresAreClassifiedByTheCheckThatRefusedAndOtherwiseAsHandshake() {
        ServerCertificateException untrusted = new ServerCertificateException(UpstreamTlsException.Kind.UNTRUSTED, "certificate CN=x", null);
        javax.net.ssl.SSLHandshakeException handshake = new javax.net.ssl.SSLHandshakeException("handshake");
        handshake.initCause(untrusted);
        UpstreamTlsException wrapped = UpstreamTlsException.classify(handshake, "host:1", "host");
        assertEquals(UpstreamTlsException.Kind.UNTRUSTED, wrapped.kind());
        assertEquals("TLS with host:1 (expected name host): certificate CN=x", wrapped.getMessage());
        assertEquals(UpstreamTlsException.Kind.HANDSHAKE,
                UpstreamTlsException.classify(new javax.net.ssl.SSLHandshakeException("Received fatal alert: bad_certificate"), "h:1", "h").kind());
    }
}
