package org.gatehouse.dataplane.request;

/**
 * A request target or authority the element refuses to interpret, with the status and error code
 * the client is answered with (nothing is forwarded).
 */
public final class TargetRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public TargetRefusal(int status, String code, String message) {
        super(message, null, false, false); // a refusal is an answer, not a fault: no stack trace
        this.status = status;
        this.code = code;
    }

    /** The HTTP status the client gets (400 or 501). */
    public int status() {
        return status;
    }

    /** The error code of the element's JSON error body. */
    public String code() {
        return code;
    }

    static TargetRefusal badTarget(String why) {
        return new TargetRefusal(400, "bad_target", why);
    }

    static TargetRefusal badHost(String why) {
        return new TargetRefusal(400, "bad_host", why);
    }
}
