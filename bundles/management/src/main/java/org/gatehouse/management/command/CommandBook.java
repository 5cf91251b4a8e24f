package org.gatehouse.management.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The commands of this element and how they are run (docs/management.md "Commands", "The command
 * journal"). A change becomes a command, recorded as submitted before anything happens; its
 * rendering is worked out and it awaits confirmation; a person confirms it over a trusted path
 * (or declines it, or it is cancelled or expires); only then does it run, in progress, then done or
 * aborted with the reason. Each state is in the journal, and in the audit log, before the next step
 * starts; a command whose record cannot be written does not go on.
 *
 * <p>Commands run one at a time, in the order confirmed.
 *
 * <p>At open, a command the journal left submitted never ran and is recorded as aborted; one left
 * awaiting confirmation expires (what was shown was made by a run of the element that is gone, and
 * its staged upload with it). One left in progress (the element stopped while it ran) may or may
 * not have taken effect: the operations behind it are all-or-nothing, so the stores they change tell
 * which. {@link #recover} asks a {@link Recovery} and records it done or aborted accordingly; until
 * the store that can tell is available, the command stays in progress rather than be given a state
 * that may be false.
 */
public final class CommandBook implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.commands");
    static final String NOT_RUN = "the element stopped before the command ran";
    static final String RESTARTED = "the element restarted before the command was confirmed";
    static final String RECOVERED_DONE = "the element stopped while the command ran, after it took effect: ";
    static final String RECOVERED_ABORTED = "the element stopped while the command ran, before it took effect: ";
    static final String STAGING = "staged";

    private final CommandJournal journal;
    private final ConfirmationRules rules;
    private final CommandAudit audit;
    private final Clock clock;
    private final Path staging;
    private final Map<String, Command> byId = new LinkedHashMap<>();
    private final Map<String, PreparedChange<?>> prepared = new HashMap<>();
    /** Held while a command is confirmed and runs, so commands run one at a time while reads of the book go on. */
    private final Object running = new Object();
    /** Ids of the commands the previous run left in progress, until {@link #recover} decides them. */
    private final Set<String> leftInProgress = new LinkedHashSet<>();
    private final AtomicLong unrecordedStatuses = new AtomicLong();

    /** The value running a change produced and the line recorded as the command's result. */
    public record Outcome<T>(T value, String summary) {
    }

    /** What the stores show of a command the element stopped in the middle of, and the evidence, in words. */
    public record Finding(boolean tookEffect, String evidence) {
    }

    /** Looks in the stores a command changes; empty while the store that can tell is not available. */
    @FunctionalInterface
    public interface Recovery {
        Optional<Finding> examine(Command command);
    }

    /**
     * What the confirming side checks of a command as it is about to run, under the book's lock:
     * that the person may confirm it, and that the rendering they answered is the one it has now.
     */
    public interface Gate {
        /** Throws when the person may not confirm this command (now: roles are read again). */
        void mayConfirm(Command fresh) throws CommandRefusedException;

        /** Whether the person answered exactly this command's rendering as it is now. */
        boolean answered(Command fresh);

        /** The rendering as the person was shown it, for the audit log (without their phrase). */
        String audited(Command fresh);
    }

    /** What came of a confirmation. */
    public sealed interface Decision {
        /** It ran (done or aborted), or could no longer be made and was aborted. */
        record Ran(Command command) implements Decision {
        }

        /** Its rendering changed since it was shown: nothing ran; show this one. */
        record Changed(Command command) implements Decision {
        }
    }

    private CommandBook(CommandJournal journal, ConfirmationRules rules, CommandAudit audit, Clock clock) {
        this.journal = journal;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
        this.staging = journal.file().getParent().resolve(STAGING);
    }

    public static CommandBook open(CommandJournal journal, ConfirmationRules rules, CommandAudit audit, Clock clock) throws IOException {
        CommandBook book = new CommandBook(journal, rules, audit, clock);
        for (Command c : journal.readAll()) {
            book.byId.put(c.id(), c);
        }
        for (Command c : List.copyOf(book.byId.values())) {
            if (c.state() == CommandState.SUBMITTED) {
                book.finish(c.aborted(NOT_RUN, book.clock.instant()));
            } else if (c.state() == CommandState.AWAITING_CONFIRMATION) {
                book.finish(c.expired(RESTARTED, book.clock.instant()));
            } else if (c.state() == CommandState.IN_PROGRESS) {
                book.leftInProgress.add(c.id());
            }
        }
        book.clearStaging();
        return book;
    }

    public ConfirmationRules rules() {
        return rules;
    }

    /**
     * Decides the commands the previous run left in progress, from what {@code recovery} finds
     * in the stores; those it cannot examine yet stay in progress for a later call. Returns the
     * commands decided by this call.
     */
    public synchronized List<Command> recover(Recovery recovery) {
        List<Command> decided = new ArrayList<>();
        for (String id : List.copyOf(leftInProgress)) {
            Command c = byId.get(id);
            Optional<Finding> finding = recovery.examine(c);
            if (finding.isPresent()) {
                Finding f = finding.get();
                decided.add(finish(f.tookEffect() ? c.done(RECOVERED_DONE + f.evidence(), clock.instant())
                        : c.aborted(RECOVERED_ABORTED + f.evidence(), clock.instant())));
                leftInProgress.remove(id);
            }
        }
        return decided;
    }

    /** Every command, oldest first (those whose time ran out are expired first). */
    public List<Command> list() {
        expireDue();
        synchronized (this) {
            return new ArrayList<>(byId.values());
        }
    }

    public Optional<Command> get(String id) {
        expireDue();
        synchronized (this) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    /**
     * Keeps a copy of an uploaded file until its command ran, was cancelled or expired: the
     * request's own file goes away with the request. The copy must have the SHA-256 and size the
     * command names ({@code sha256}, {@code size}: what the request brought), and is checked again
     * before every look and before it is applied ({@link StagedUpload}).
     */
    public StagedUpload stage(Path upload, String sha256, long size) throws IOException {
        if (!Files.isDirectory(staging)) {
            Files.createDirectories(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path copy = staging.resolve(UUID.randomUUID() + ".upload");
        Files.copy(upload, copy);
        StagedUpload staged = new StagedUpload(copy, sha256, size);
        try {
            staged.verify();
        } catch (StagedUpload.StagedUploadChanged e) {
            Files.deleteIfExists(copy);
            throw new IOException(e.getMessage(), e);
        }
        return staged;
    }

    /**
     * Submits a change: recorded as submitted, its rendering worked out and recorded, then it
     * awaits confirmation until the rules' expiry. A change that cannot be made as things stand
     * (its preview fails) is aborted at once, and so is one whose records cannot be written.
     */
    public Command submit(CommandRequest request, String submitter, String role, PreparedChange<?> change) throws CommandAbortedException {
        Command command = finishOrRecord(Command.submitted(UUID.randomUUID().toString(), request, submitter, role, clock.instant()));
        PreparedChange.Preview preview;
        String text;
        try {
            preview = change.preview();
            text = render(command, preview);
        } catch (Exception e) {
            change.discard();
            throw new CommandAbortedException(finish(command.aborted(String.valueOf(e.getMessage()), clock.instant())), e);
        }
        Instant now = clock.instant();
        Command awaiting = command.awaiting(text, preview.basis(), now.plus(rules.expireAfter()), now);
        try {
            audit.record(CommandAudit.STATUS, submitter, command.id(), awaiting.state().wireName() + "\n" + awaiting.rendering());
        } catch (RuntimeException e) {
            change.discard();
            throw new CommandAbortedException(finish(command.aborted("the audit log cannot record the command: " + e.getMessage(),
                    clock.instant())), e);
        }
        synchronized (this) {
            prepared.put(command.id(), change);
            return record(awaiting);
        }
    }

    /**
     * Works out again what an awaiting command will do; records the new rendering when it changed.
     * A command that can no longer be made is aborted with the reason.
     */
    public Command refresh(String id) throws CommandRefusedException {
        synchronized (running) {
            return fresh(awaitingCommand(id));
        }
    }

    /**
     * Runs an awaiting command that a person confirmed, under the book's lock: worked out again,
     * checked by the gate, its rendering recorded in the audit log as answered, then run. When the
     * rendering changed, nothing runs.
     */
    public Decision confirm(String id, String person, Gate gate) throws CommandRefusedException {
        synchronized (running) {
            Command fresh = fresh(awaitingCommand(id));
            if (fresh.state() != CommandState.AWAITING_CONFIRMATION) {
                return new Decision.Ran(fresh);
            }
            gate.mayConfirm(fresh);
            if (!gate.answered(fresh)) {
                return new Decision.Changed(fresh);
            }
            try {
                audit.record(CommandAudit.RENDERING, person, id, gate.audited(fresh));
            } catch (RuntimeException e) {
                throw new CommandRefusedException("audit_unavailable", "the audit log cannot record the confirmation, so the command does "
                        + "not run (it still awaits confirmation): " + e.getMessage());
            }
            Command started = record(fresh.inProgress(Optional.of(person), clock.instant()));
            PreparedChange<?> change = prepared.get(id);
            Command ended;
            try {
                Outcome<?> outcome = change.apply();
                ended = finish(started.done(outcome.summary(), clock.instant()));
            } catch (Exception e) {
                ended = finish(started.aborted(String.valueOf(e.getMessage()), clock.instant()));
            }
            return new Decision.Ran(ended);
        }
    }

    /** A person declined the command they were shown, or someone allowed to withdrew it: cancelled, nothing ran. */
    public Command cancel(String id, String who, String why) throws CommandRefusedException {
        synchronized (running) {
            return finish(awaitingCommand(id).cancelled(why + " (" + who + ")", clock.instant()));
        }
    }

    /** Expires every awaiting command whose time ran out; returns them. */
    public List<Command> expireDue() {
        Instant now = clock.instant();
        List<Command> due;
        synchronized (this) {
            due = byId.values().stream().filter(c -> c.state() == CommandState.AWAITING_CONFIRMATION)
                    .filter(c -> c.expiresAt().map(t -> !t.isAfter(now)).orElse(false)).toList();
        }
        List<Command> expired = new ArrayList<>();
        for (Command c : due) {
            synchronized (running) {
                Command still = byId.get(c.id());
                if (still != null && still.state() == CommandState.AWAITING_CONFIRMATION) {
                    expired.add(finish(still.expired("nobody confirmed it within " + rules.expireAfter(), now)));
                }
            }
        }
        return expired;
    }

    /** Statuses that reached the journal but not the audit log (the log failed after the command ran), since the book opened. */
    public long unrecordedStatuses() {
        return unrecordedStatuses.get();
    }

    private Command awaitingCommand(String id) throws CommandRefusedException {
        expireDue();
        Command c;
        synchronized (this) {
            c = byId.get(id);
        }
        if (c == null) {
            throw new CommandRefusedException("not_found", "no command " + id);
        }
        if (c.state() != CommandState.AWAITING_CONFIRMATION) {
            throw new CommandRefusedException("not_awaiting", "command " + id + " is " + c.state().wireName()
                    + c.reason().map(r -> " (" + r + ")").orElse("") + "; only a command awaiting confirmation can be answered");
        }
        return c;
    }

    private Command fresh(Command c) {
        PreparedChange<?> change = prepared.get(c.id());
        PreparedChange.Preview preview;
        String text;
        try {
            preview = change.preview();
            text = render(c, preview);
        } catch (Exception e) {
            return finish(c.aborted("it can no longer be made: " + e.getMessage(), clock.instant()));
        }
        if (text.equals(c.rendering()) && preview.basis().equals(c.basis())) {
            return c;
        }
        return record(c.awaiting(text, preview.basis(), c.expiresAt().orElseThrow(), clock.instant()));
    }

    private String render(Command c, PreparedChange.Preview preview) {
        return Renderer.body(c, preview.lines(), preview.basis(), rules.rule(c.type()).describe());
    }

    /** Records a final state: in the journal, then the audit log; lets go of what the change held. */
    private Command finish(Command state) {
        Command recorded = record(state);
        PreparedChange<?> change;
        synchronized (this) {
            change = prepared.remove(state.id());
        }
        if (change != null) {
            change.discard();
        }
        try {
            audit.record(CommandAudit.STATUS, state.confirmedBy().orElse(state.submitter()), state.id(), state.state().wireName()
                    + state.reason().map(r -> ": " + r).orElse("") + state.result().map(r -> ": " + r).orElse(""));
        } catch (RuntimeException e) {
            unrecordedStatuses.incrementAndGet();
            LOG.log(Level.ERROR, "command " + state.id() + " is " + state.state().wireName() + " in the journal, but the audit log "
                    + "cannot record it: " + e.getMessage());
        }
        return recorded;
    }

    private Command finishOrRecord(Command state) {
        return state.state().finished() ? finish(state) : record(state);
    }

    private synchronized Command record(Command state) {
        try {
            journal.append(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record command " + state.id() + " in " + journal.file(), e);
        }
        byId.put(state.id(), state);
        return state;
    }

    private void clearStaging() throws IOException {
        if (!Files.isDirectory(staging)) {
            return;
        }
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
