package org.gatehouse.management.command;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Command books for the tests: opened over a folder with the default rules, recording into a list; and gates that let a person through. */
public final class Books {
    private Books() {
    }

    /** A record the audit side received. */
    public record Audited(String kind, String actor, String subject, String payload) {
    }

    /** An audit sink that keeps what it gets and can be made to fail. */
    public static final class Recording implements CommandAudit {
        public final List<Audited> records = new ArrayList<>();
        public volatile boolean failing;

        @Override
        public synchronized void record(String kind, String actor, String subject, String payload) {
            if (failing) {
                throw new IllegalStateException("the audit log is full");
            }
            records.add(new Audited(kind, actor, subject, payload));
        }
    }

    public static CommandBook open(Path folder, Clock clock, CommandAudit audit) throws IOException {
        return CommandBook.open(CommandJournal.open(folder), new ConfirmationRules(Duration.ofMinutes(15), Map.of()), audit, clock);
    }

    /** A gate that lets {@code person} through whatever the rendering: for tests of the book's own steps. */
    public static CommandBook.Gate anyRendering() {
        return new CommandBook.Gate() {
            @Override
            public void mayConfirm(Command fresh) {
            }

            @Override
            public boolean answered(Command fresh) {
                return true;
            }

            @Override
            public String audited(Command fresh) {
                return fresh.rendering();
            }
        };
    }

    /** A gate that lets through only the rendering {@code shown}. */
    public static CommandBook.Gate answering(String shown) {
        return new CommandBook.Gate() {
            @Override
            public void mayConfirm(Command fresh) {
            }

            @Override
            public boolean answered(Command fresh) {
                return fresh.rendering().equals(shown);
            }

            @Override
            public String audited(Command fresh) {
                return fresh.rendering();
            }
        };
    }

    /** A change with a fixed preview that runs {@code apply}. */
    public static <T> PreparedChange<T> change(List<String> lines, Map<String, Long> basis, Callable<CommandBook.Outcome<T>> apply) {
        return PreparedChange.of(() -> PreparedChange.Preview.of(lines, basis), apply, () -> { });
    }

    /** Submits and confirms at once; returns the command as it finished. */
    public static Command run(CommandBook book, CommandRequest request, String person, Callable<CommandBook.Outcome<Object>> apply)
            throws CommandAbortedException, CommandRefusedException {
        Command c = book.submit(request, person, "admin", change(List.of("it runs"), Map.of(), apply));
        return ((CommandBook.Decision.Ran) book.confirm(c.id(), person, anyRendering())).command();
    }
}
