package org.gatehouse.flow.internal.run;

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
