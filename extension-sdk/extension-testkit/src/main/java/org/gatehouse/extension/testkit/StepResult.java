package org.gatehouse.extension.testkit;

import java.util.Optional;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * What a step did with a message, with the message as the next step (or the upstream) would see
 * it, changes applied.
 *
 * <pre>{@code
 * StepResult r = step.process(message);
 * assertTrue(r.proceeded());
 * assertEquals("test", r.message().headers().first("X-Env").orElseThrow());
 * }</pre>
 */
public final class StepResult {
    private final StepOutcome outcome;
    private final TestMessage before;

    StepResult(StepOutcome outcome, TestMessage before) {
        this.outcome = outcome;
        this.before = before;
    }

    /** The outcome exactly as the step returned it. */
    public StepOutcome outcome() {
        return outcome;
    }

    /** The message after the step's changes (unchanged when it responded or failed). */
    public TestMessage message() {
        return before.withChanges(changes());
    }

    /** The changes the step asked for; none when it responded or failed. */
    public MessageChanges changes() {
        if (outcome instanceof StepOutcome.Proceed p) {
            return p.changes();
        }
        if (outcome instanceof StepOutcome.Route r) {
            return r.changes();
        }
        return MessageChanges.none();
    }

    /** True when the step let the message go on to the next step. */
    public boolean proceeded() {
        return outcome instanceof StepOutcome.Proceed;
    }

    /** The response, when the step answered the client itself. */
    public Optional<Response> response() {
        return outcome instanceof StepOutcome.Respond r ? Optional.of(r.response()) : Optional.empty();
    }

    /** The route, when the step sent the message elsewhere. */
    public Optional<String> route() {
        return outcome instanceof StepOutcome.Route r ? Optional.of(r.route()) : Optional.empty();
    }

    /** The reason, when the step failed the message. */
    public Optional<String> failure() {
        return outcome instanceof StepOutcome.Fail f ? Optional.of(f.reason()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "StepResult[" + outcome + "]";
    }
}
