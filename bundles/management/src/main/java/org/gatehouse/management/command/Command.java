package org.gatehouse.management.command;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One change to the element as recorded (docs/management.md "Commands"): id, type, target,
 * parameters, who submitted it and the role they acted in, its canonical form, its state, the
 * rendering of what it will do (without anyone's anti-spoofing phrase) and the modification counts
 * that rendering was made from, who confirmed it, when it expires while it awaits, the reason when
 * aborted, cancelled or expired, a one-line result when done, and when it was submitted and last
 * changed. Each state change is a new record.
 */
public record Command(String id, CommandType type, String target, SortedMap<String, String> parameters, String submitter,
                      String role, String canonicalForm, CommandState state, String rendering, SortedMap<String, Long> basis,
                      Optional<String> confirmedBy, Optional<Instant> expiresAt, Optional<String> reason,
                      Optional<String> result, Instant submittedAt, Instant updatedAt) {
    /**
     * The submitter of a command the element submits for a file edited by hand on the host
     * (docs/management.md "Hand edits"): no management user can bear this name.
     */
    public static final String HOST = "(host)";

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(canonicalForm, "canonicalForm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rendering, "rendering");
        basis = Collections.unmodifiableSortedMap(new TreeMap<>(basis));
        Objects.requireNonNull(confirmedBy, "confirmedBy");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new command in state submitted. */
    public static Command submitted(String id, CommandRequest request, String submitter, String role, Instant now) {
        return new Command(id, request.type(), request.target(), request.parameters(), submitter, role, request.canonicalForm(),
                CommandState.SUBMITTED, "", new TreeMap<>(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), now, now);
    }

    /** Rendered (again): waits for confirmation until {@code expires}, showing {@code text} made from the counts {@code from}. */
    public Command awaiting(String text, Map<String, Long> from, Instant expires, Instant now) {
        require(state == CommandState.SUBMITTED || state == CommandState.AWAITING_CONFIRMATION, CommandState.AWAITING_CONFIRMATION);
        return new Command(id, type, target, parameters, submitter, role, canonicalForm, CommandState.AWAITING_CONFIRMATION, text,
                new TreeMap<>(from), confirmedBy, Optional.of(expires), reason, result, submittedAt, now);
    }

    /** Confirmed by {@code person} (or, for a command that needs no confirmation, run as submitted): now running. */
    public Command inProgress(Optional<String> person, Instant now) {
        require(state == CommandState.SUBMITTED || state == CommandState.AWAITING_CONFIRMATION, CommandState.IN_PROGRESS);
        return new Command(id, type, target, parameters, submitter, role, canonicalForm, CommandState.IN_PROGRESS, rendering, basis,
                person, expiresAt, reason, result, submittedAt, now);
    }

    public Command done(String resultLine, Instant now) {
        return end(CommandState.DONE, Optional.empty(), Optional.of(resultLine), now);
    }

    public Command aborted(String why, Instant now) {
        return end(CommandState.ABORTED, Optional.of(why), Optional.empty(), now);
    }

    public Command cancelled(String why, Instant now) {
        require(state == CommandState.SUBMITTED || state == CommandState.AWAITING_CONFIRMATION, CommandState.CANCELLED);
        return end(CommandState.CANCELLED, Optional.of(why), Optional.empty(), now);
    }

    public Command expired(String why, Instant now) {
        require(state == CommandState.AWAITING_CONFIRMATION, CommandState.EXPIRED);
        return end(CommandState.EXPIRED, Optional.of(why), Optional.empty(), now);
    }

    private Command end(CommandState to, Optional<String> why, Optional<String> resultLine, Instant now) {
        require(!state.finished(), to);
        return new Command(id, type, target, parameters, submitter, role, canonicalForm, to, rendering, basis, confirmedBy, expiresAt,
                why, resultLine, submittedAt, now);
    }

    private void require(boolean allowed, CommandState to) {
        if (!allowed) {
            throw new IllegalStateException("command " + id + " is " + state.wireName() + "; it cannot become " + to.wireName());
        }
    }
}
