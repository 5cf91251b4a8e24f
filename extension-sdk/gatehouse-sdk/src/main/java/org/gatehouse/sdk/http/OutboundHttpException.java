package org.gatehouse.sdk.http;

import java.io.IOException;

/** No answer came for an {@link OutboundRequest}; {@link #reason()} says why, the message names the target. */
public final class OutboundHttpException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why no answer came. */
    public enum Reason {
        /** The request's timeout passed before the whole answer was read. */
        TIMEOUT,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** The connection was refused or could not be made. */
        CONNECT_FAILED,
        /** The TLS handshake failed: an untrusted certificate, a name that does not match, no common protocol. */
        TLS,
        /** The answer's body is longer than {@link OutboundRequest#maxResponseBytes()}. */
        TOO_LARGE,
        /** The server broke the protocol or the connection. */
        PROTOCOL,
        /** The calling thread was interrupted (the step's deadline passed); its interrupt status is kept. */
        INTERRUPTED
    }

    private final Reason reason;

    public OutboundHttpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
