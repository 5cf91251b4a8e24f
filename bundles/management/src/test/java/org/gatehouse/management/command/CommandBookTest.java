package org.gatehouse.management.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands: their canonical form, their states, and their journal across a restart and a crash. */
class CommandBookTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private static CommandRequest remove(String name) {
        return CommandRequest.of(CommandType.EXTENSION_REMOVE, name, Map.of());
    }

    private static CommandRequest enable(String name) {
        return CommandRequest.of(CommandType.EXTENSION_ENABLE, name, Map.of());
    }

    @Test
    void theCanonicalFormIsAFunctionOfTheRequestAlone() {
        CommandRequest a = CommandRequest.of(CommandType.EXTENSION_INSTALL, "limiter.jar",
                Map.of("bundle.sha256", "ab", "bundle.file", "limiter.jar", "bundle.size", "10"));
        CommandRequest b = CommandRequest.of(CommandType.EXTENSION_INSTALL, "limiter.jar",
                new java.util.LinkedHashMap<>(Map.of("bundle.size", "10", "bundle.file", "limiter.jar", "bundle.sha256", "ab")));
        assertEquals("Install a new extension from the uploaded bundle [limiter.jar]\n"
                + "  bundle.file: limiter.jar\n  bundle.sha256: ab\n  bundle.size: 10", a.canonicalForm());
        assertEquals(a.canonicalForm(), b.canonicalForm());
        assertEquals("Enable extension [com.acme.limiter]", enable("com.acme.limiter").canonicalForm());
    }

    @Test
    void aCommandThatRunsIsSubmittedThenInProgressThenDoneInTheJournal() throws Exception {
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            CommandBook.Executed<String> done = book.execute(enable("x"), "alice", () -> new CommandBook.Outcome<>("v", "x enabled"));
            assertEquals("v", done.value());
            assertEquals(CommandState.DONE, done.command().state());
            assertEquals(Optional.of("x enabled"), done.command().result());
        }
        List<String> lines = Files.readAllLines(folder.resolve(CommandJournal.FILE_NAME));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"state\":\"submitted\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"state\":\"in_progress\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"state\":\"done\""), lines.get(2));
    }

    @Test
    void aFailingActionAbortsTheCommandWithItsReason() throws Exception {
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            CommandAbortedException e = assertThrows(CommandAbortedException.class,
                    () -> book.execute(enable("x"), "alice", () -> { throw new IOException("disk full"); }));
            assertEquals(CommandState.ABORTED, e.command().state());
            assertEquals(Optional.of("disk full"), e.command().reason());
            assertEquals("disk full", e.failure().getMessage());
            assertEquals(CommandState.ABORTED, book.get(e.command().id()).orElseThrow().state());
        }
    }

    @Test
    void commandsRunOneAtATimeWhileTheBookCanBeRead() throws Exception {
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread first = new Thread(() -> {
                try {
                    book.execute(enable("x"), "alice", () -> {
                        started.countDown();
                        release.await();
                        return new CommandBook.Outcome<>(1, "x enabled");
                    });
                } catch (CommandAbortedException e) {
                    throw new IllegalStateException(e);
                }
            });
            first.start();
            started.await();
            Thread second = new Thread(() -> {
                try {
                    book.execute(enable("y"), "bob", () -> new CommandBook.Outcome<>(2, "y enabled"));
                } catch (CommandAbortedException e) {
                    throw new IllegalStateException(e);
                }
            });
            second.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (book.list().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<CommandState> states = book.list().stream().map(Command::state).toList();
            assertEquals(List.of(CommandState.IN_PROGRESS, CommandState.SUBMITTED), states, "the second waits, submitted, for the first");
            release.countDown();
            first.join(10_000);
            second.join(10_000);
            assertEquals(List.of(CommandState.DONE, CommandState.DONE), book.list().stream().map(Command::state).toList());
        }
    }

    @Test
    void commandsSurviveARestart() throws Exception {
        String id;
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            id = book.execute(enable("x"), "alice", () -> new CommandBook.Outcome<>(1, "ok")).command().id();
            book.execute(enable("y"), "bob", () -> new CommandBook.Outcome<>(2, "ok"));
        }
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            assertEquals(2, book.list().size());
            Command first = book.get(id).orElseThrow();
            assertEquals("alice", first.submitter());
            assertEquals(CommandState.DONE, first.state());
            assertEquals("Enable extension [x]", first.canonicalForm());
        }
    }

    @Test
    void aCommandLeftSubmittedNeverRanAndIsAbortedAtOpenAndATornLineIsSkipped() throws Exception {
        try (CommandJournal journal = CommandJournal.open(folder)) {
            journal.append(Command.submitted("c-1", enable("x"), "alice", CLOCK.instant()));
        }
        Files.writeString(folder.resolve(CommandJournal.FILE_NAME), "{\"id\":\"c-2\",\"ty", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            Command after = book.get("c-1").orElseThrow();
            assertEquals(CommandState.ABORTED, after.state());
            assertEquals(Optional.of(CommandBook.NOT_RUN), after.reason());
            assertEquals(1, book.list().size());
        }
    }

    @Test
    void aCommandLeftInProgressWaitsUntilTheStoreCanTellThenTakesTheStateTheStoreShows() throws Exception {
        try (CommandJournal journal = CommandJournal.open(folder)) {
            journal.append(Command.submitted("gone", remove("x"), "alice", CLOCK.instant()).inProgress(CLOCK.instant()));
            journal.append(Command.submitted("kept", remove("y"), "alice", CLOCK.instant()).inProgress(CLOCK.instant()));
        }
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            assertEquals(List.of(), book.recover(command -> Optional.empty()), "no store to ask yet");
            assertEquals(CommandState.IN_PROGRESS, book.get("gone").orElseThrow().state());

            List<Command> decided = book.recover(command -> Optional.of(command.target().equals("x")
                    ? new CommandBook.Finding(true, "extension x is not in the store")
                    : new CommandBook.Finding(false, "extension y 1.0.0 is still in the store")));

            assertEquals(2, decided.size());
            Command gone = book.get("gone").orElseThrow();
            assertEquals(CommandState.DONE, gone.state(), "the removal happened: never 'aborted'");
            assertEquals(Optional.of(CommandBook.RECOVERED_DONE + "extension x is not in the store"), gone.result());
            Command kept = book.get("kept").orElseThrow();
            assertEquals(CommandState.ABORTED, kept.state());
            assertEquals(Optional.of(CommandBook.RECOVERED_ABORTED + "extension y 1.0.0 is still in the store"), kept.reason());
            assertEquals(List.of(), book.recover(command -> { throw new AssertionError("decided commands are not asked about again"); }));
        }
        try (CommandBook book = CommandBook.open(CommandJournal.open(folder), CLOCK)) {
            assertEquals(CommandState.DONE, book.get("gone").orElseThrow().state(), "the decision is in the journal");
        }
    }

    @Test
    void aFinishedCommandDoesNotChangeState() {
        Command done = Command.submitted("c", enable("x"), "a", CLOCK.instant()).inProgress(CLOCK.instant()).done("ok", CLOCK.instant());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> done.aborted("late", CLOCK.instant()));
        assertEquals("command c is already done; it cannot become aborted", e.getMessage());
    }

    @Test
    void jsonRoundTrips() {
        Command c = Command.submitted("c", CommandRequest.of(CommandType.FLOWS_REPLACE, "flows", Map.of("document.sha256", "ff")), "a",
                CLOCK.instant()).cancelled("withdrawn", CLOCK.instant());
        assertEquals(c, CommandJson.fromJson(CommandJson.toJson(c)));
    }
}
