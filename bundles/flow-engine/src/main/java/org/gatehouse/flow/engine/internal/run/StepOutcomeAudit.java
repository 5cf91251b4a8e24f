package org.gatehouse.flow.engine.internal.run;

/**
 * Told the outcome of every call into an extension's code that ended (docs/extensions.md
 * "Conditional enable": an extension admitted with {@code extra-audit} has each step outcome
 * audited). Called on the thread that settled the call, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface StepOutcomeAudit {
    /** Audits nothing. */
    StepOutcomeAudit NONE = (symbolicName, version, what, outcome, detail) -> { };

    /**
     * @param what    the step or method, e.g. {@code step 'limit' (rate-limiter) of flow 'api-flow'}
     * @param outcome {@code ok}, {@code failed}, {@code timed_out} or {@code not_run} (the element's pool was full)
     * @param detail  why it failed, or empty
     */
    void ended(String symbolicName, String version, String what, String outcome, String detail);
}
