package org.gatehouse.extension.descriptor;

/**
 * A bladelet that its descriptor names could not be built: the class is missing, does not
 * implement its kind's interface, has no public constructor taking a {@code BladeletContext},
 * or the constructor threw. The message names the bladelet and the class.
 */
public final class BladeletCreationException extends Exception {
    private static final long serialVersionUID = 1L;

    public BladeletCreationException(String message) {
        super(message);
    }

    public BladeletCreationException(String message, Throwable cause) {
        super(message, cause);
    }
}
