package org.gatehouse.sample.token.service.auth;

/**
 * The token service could not tell whether a token is good: it refused the connection, did not
 * answer within the timeout, or answered something that is not an introspection response. The
 * authenticator completes its stage exceptionally with this, so the element fails the message with
 * a 5xx (never lets it through, never tells the client its token is bad): a failure, which the
 * element counts and audits apart from a rejection.
 */
public final class TokenServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenServiceException(String message, Throwable cause) {
        super(message, cause);
    }

    public TokenServiceException(String message) {
        super(message);
    }
}
