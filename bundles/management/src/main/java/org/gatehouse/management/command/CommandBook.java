package org.gatehouse.management.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The commands of this element and how they are run (docs/management.md "Commands",
 * "The command journal"). A change becomes a command,
 * recorded as submitted before anything happens, in progress while it runs, then done or
 * aborted with the reason; each state is in the journal before the next step starts.
 *
 * <p>Commands run one at a time, in the order submitted. For now a command runs right after it
 * is submitted; a later confirmation step (docs/management.md "Not built") fits between {@link #submit} and
 * {@link #start} without changing the API, since responses already carry the command's id and state.
 *
 * <p>At open, a command the journal left submitted never ran and is recorded as aborted. One left
 * in progress (the element stopped while it ran) may or may not have taken effect: the operations
 * behind it are all-or-nothing, so the stores they change tell which. {@link #recover} asks a
 * {@link Recovery} and records it done or aborted accordingly; until the store that can tell is
 * available, the command stays in progress rather than be given a state that may be false.
 */
public final class CommandBook implements AutoCloseable {
    static final String NOT_RUN = "the element stopped before the command ran";
    static final String RECOVERED_DONE = "the element stopped while the command ran, after it took effect: ";
    static final String RECOVERED_ABORTED = "the element stopped while the command ran, before it took effect: ";

    private final CommandJournal journal;
    private final Clock clock;
    private final Map<String, Command> byId = new LinkedHashMap<>();
    /** Held while a command runs, so commands run one at a time while reads of the book go on. */
    private final Object running = new Object();
    /** Ids of the commands the previous run left in progress, until {@link #recover} decides them. */
    private final java.util.Set<String> leftInProgress = new java.util.LinkedHashSet<>();

    /** What a command does once it runs: returns a value and a one-line result. */
    @FunctionalInterface
    public interface Action<T> {
        Outcome<T> run() throws Exception;
    }

    /** The value an action produced and the line recorded as the command's result. */
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

    /** The command as finished and the action's value. */
    public record Executed<T>(Command command, T value) {
    }

    private CommandBook(CommandJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    public static CommandBook open(CommandJournal journal, Clock clock) throws IOException {
        CommandBook book = new CommandBook(journal, clock);
        for (Command c : journal.readAll()) {
            book.byId.put(c.id(), c);
        }
        for (Command c : List.copyOf(book.byId.values())) {
            if (c.state() == CommandState.SUBMITTED) {
                book.record(c.aborted(NOT_RUN, clock.instant()));
            } else if (c.state() == CommandState.IN_PROGRESS) {
                book.leftInProgress.add(c.id());
            }
        }
        return book;
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
                decided.add(record(f.tookEffect() ? c.done(RECOVERED_DONE + f.evidence(), clock.instant())
                        : c.aborted(RECOVERED_ABORTED + f.evidence(), clock.instant())));
                leftInProgress.remove(id);
            }
        }
        return decided;
    }

    /** Every command, oldest first. */
    public synchronized List<Command> list() {
        return new ArrayList<>(byId.values());
    }

    public synchronized Optional<Command> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Submits and runs a command. An exception from the action aborts the command with the
     * exception's message, and comes back as the cause of a {@link CommandAbortedException}
     * that names the aborted command.
     */
    public <T> Executed<T> execute(CommandRequest request, String submitter, Action<T> action) throws CommandAbortedException {
        Command command = record(Command.submitted(UUID.randomUUID().toString(), request, submitter, clock.instant()));
        synchronized (running) {
            command = record(command.inProgress(clock.instant()));
            Outcome<T> outcome;
            try {
                outcome = action.run();
            } catch (Exception e) {
                throw new CommandAbortedException(record(command.aborted(String.valueOf(e.getMessage()), clock.instant())), e);
            }
            command = record(command.done(outcome.summary(), clock.instant()));
            return new Executed<>(command, outcome.value());
        }
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

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
