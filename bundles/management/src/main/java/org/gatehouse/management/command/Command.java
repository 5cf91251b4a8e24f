package org.gatehouse.management.command;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One change to the element as recorded (docs/management.md "Commands"): id, type, target, parameters, who submitted it,
 * its canonical form, its state, the reason when aborted or cancelled, a one-line result when
 * done, and when it was submitted and last changed. Each state change is a new record.
 */
public record Command(String id, CommandType type, String target, SortedMap<String, String> parameters, String submitter,
                      String canonicalForm, CommandState state, Optional<String> reason, Optional<String> result,
                      Instant submittedAt, Instant updatedAt) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(canonicalForm, "canonicalForm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new command in state submitted. */
    public static Command submitted(String id, CommandRequest request, String submitter, Instant now) {
        return new Command(id, request.type(), request.target(), request.parameters(), submitter, request.canonicalForm(),
                CommandState.SUBMITTED, Optional.empty(), Optional.empty(), now, now);
    }

    public Command inProgress(Instant now) {
        return next(CommandState.IN_PROGRESS, Optional.empty(), Optional.empty(), now);
    }

    public Command done(String resultLine, Instant now) {
        return next(CommandState.DONE, Optional.empty(), Optional.of(resultLine), now);
    }

    public Command aborted(String why, Instant now) {
        return next(CommandState.ABORTED, Optional.of(why), Optional.empty(), now);
    }

    public Command cancelled(String why, Instant now) {
        return next(CommandState.CANCELLED, Optional.of(why), Optional.empty(), now);
    }

    private Command next(CommandState to, Optional<String> why, Optional<String> resultLine, Instant now) {
        if (state.finished()) {
            throw new IllegalStateException("command " + id + " is already " + state.wireName() + "; it cannot become " + to.wireName());
        }
        return new Command(id, type, target, parameters, submitter, canonicalForm, to, why, resultLine, submittedAt, now);
    }
}
