package org.gatehouse.flow.engine.internal.run;

/**
 * Why a step did not run or did not finish, as the client is told: a status, a stable code and
 * a message naming the step, never the extension's own words (those go to the log).
 */
public final class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The ways a step can fail, each with its status and code. */
    public enum Kind {
        FAILED(500, "step_failed"),
        TIMEOUT(504, "step_timeout"),
        UNAVAILABLE(503, "step_unavailable"),
        QUARANTINED(503, "extension_quarantined"),
        OVERLOADED(503, "overloaded"),
        EXTENSION_OVERLOADED(503, "extension_overloaded"),
        /** Every slot of the extension taken and its queue full: the same code as with no queue at all. */
        QUEUE_FULL(503, "extension_overloaded"),
        /** The client went away while the message waited: nobody reads this answer (499, as proxies log it). */
        CLIENT_GONE(499, "client_closed_request"),
        BODY_TOO_LARGE(413, "body_too_large");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;

    public StepFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
