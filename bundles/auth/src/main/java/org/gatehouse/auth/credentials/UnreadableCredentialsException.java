package org.gatehouse.auth.credentials;

/**
 * Credentials are present at a location but cannot be read: a malformed header, a SOAP body
 * that is not XML, a JSON pointer into a body that is not JSON. The message says what and
 * where, for the log; the client only gets a 401.
 */
public final class UnreadableCredentialsException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableCredentialsException(String message) {
        super(message);
    }

    public UnreadableCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
