package org.gatehouse.dataplane.tls;

import java.security.cert.CertificateException;

/** The upstream's certificate was refused by {@link VerifyingTrustManager}: untrusted, or for another name. */
final class ServerCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final transient UpstreamTlsException.Kind kind;

    ServerCertificateException(UpstreamTlsException.Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    UpstreamTlsException.Kind kind() {
        return kind;
    }
}
