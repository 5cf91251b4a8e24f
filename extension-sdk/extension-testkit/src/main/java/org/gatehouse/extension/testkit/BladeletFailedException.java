package org.gatehouse.extension.testkit;

/**
 * The bladelet threw, completed its stage exceptionally, or missed its deadline: in the element
 * the message would fail with a 5xx and the failure would count against the extension. The
 * cause, when there is one, is what the bladelet threw.
 */
public final class BladeletFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BladeletFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
