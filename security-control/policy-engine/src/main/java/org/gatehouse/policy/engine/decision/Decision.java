package org.gatehouse.policy.engine.decision;

/**
 * The answer to one request, with the rule that gave it: {@code restriction: runtime exitVM},
 * {@code extension grant: ...}, {@code default grant: ...} or {@code not granted}.
 */
public record Decision(boolean allowed, String rule) {
    static final String NOT_GRANTED = "not granted";

    static Decision allow(String rule) {
        return new Decision(true, rule);
    }

    static Decision deny(String rule) {
        return new Decision(false, rule);
    }
}
