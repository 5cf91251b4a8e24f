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
 * The commands of this element and how they are run (SPEC 8). A change becomes a command,
 * recorded as submitted before anything happens, in progress while it runs, then done or
 * aborted with the reason; each state is in the journal before the next step starts.
 *
 * <p>Commands run one at a time, in the order submitted. For now a command runs right after it
 * is submitted; a later confirmation step (SPEC 8 steps 2-5) fits between {@link #submit} and
 * {@link #start} without changing the API, since responses already carry the command's id and state.
 *
 * <p>At open, a command the journal left submitted or in progress (the element stopped while it
 * ran) is recorded as aborted: the operations behind it are themselves all-or-nothing.
 */
public final class CommandBook implements AutoCloseable {
    static final String INTERRUPTED = "the element stopped before the command finished";

    private final CommandJournal journal;
    private final Clock clock;
    private final Map<String, Command> byId = new LinkedHashMap<>();
    /** Held while a command runs, so commands run one at a time while reads of the book go on. */
    private final Object running = new Object();

    /** What a command does once it runs: returns a value and a one-line result. */
    @FunctionalInterface
    public interface Action<T> {
        Outcome<T> run() throws Exception;
    }

    /** The value an action produced and the line recorded as the command's result. */
    public record Outcome<T>(T value, String summary) {
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
            if (!c.state().finished()) {
                book.record(c.aborted(INTERRUPTED, clock.instant()));
            }
        }
        return book;
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
