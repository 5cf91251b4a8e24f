package org.gatehouse.channels.identity;

/**
 * A client certificate that names no usable application instance identity: a SPIFFE URI that
 * breaks the SPIFFE ID rules, more than one SPIFFE ID, or subject alternative names that cannot be
 * read. The message names the certificate's subject and what is wrong.
 */
public final class InstanceIdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    public InstanceIdentityException(String message) {
        super(message);
    }

    public InstanceIdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
