package org.gatehouse.dataplane.engine;

/** A configuration could not be put to work: a port is taken, TLS material is unusable. */
public final class DataPlaneException extends Exception {
    private static final long serialVersionUID = 1L;

    public DataPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
