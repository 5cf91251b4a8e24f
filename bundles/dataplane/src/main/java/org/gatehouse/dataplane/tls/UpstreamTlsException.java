package org.gatehouse.dataplane.tls;

import javax.net.ssl.SSLException;

/**
 * TLS with an upstream member failed. {@link #kind()} is what the client is told (an error code,
 * nothing of the certificate); the message, which names the member, the name expected and the
 * certificate's subject, is for the log.
 */
public final class UpstreamTlsException extends SSLException {
    private static final long serialVersionUID = 1L;

    /** What failed, as the client's error code names it. */
    public enum Kind {
        /** The member's certificate does not chain to the pool's trusted CAs (or is expired, or not for a server). */
        UNTRUSTED("upstream_tls_untrusted"),
        /** The certificate is trusted but does not name the server name expected of the member. */
        NAME_MISMATCH("upstream_tls_name_mismatch"),
        /** Any other handshake failure: no common protocol or cipher, a refused client certificate, an alert, a timeout. */
        HANDSHAKE("upstream_tls_handshake");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The error code of the element's answer. */
        public String code() {
            return code;
        }
    }

    private final transient Kind kind;

    UpstreamTlsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * What {@code failure} of a connection to {@code member} (expected to be {@code expectedName})
     * was: the certificate check's verdict when it refused, else a handshake failure.
     */
    public static UpstreamTlsException classify(Throwable failure, String member, String expectedName) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UpstreamTlsException) {
                return (UpstreamTlsException) cause;
            }
            if (cause instanceof ServerCertificateException) {
                ServerCertificateException refused = (ServerCertificateException) cause;
                return new UpstreamTlsException(refused.kind(), "TLS with " + member + " (expected name " + expectedName + "): "
                        + refused.getMessage(), failure);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new UpstreamTlsException(Kind.HANDSHAKE, "TLS handshake with " + member + " (expected name " + expectedName
                + ") failed: " + failure, failure);
    }
}
