package org.gatehouse.management.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.management.testing.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands: their canonical form, their states from submission to confirmation, and their journal across a restart and a crash. */
class CommandBookTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private final Books.Recording audit = new Books.Recording();

    private static CommandRequest remove(String name) {
        return CommandRequest.of(CommandType.EXTENSION_REMOVE, name, Map.of());
    }

    private static CommandRequest enable(String name) {
        return CommandRequest.of(CommandType.EXTENSION_ENABLE, name, Map.of());
    }

    private CommandBook open() throws IOException {
        return Books.open(folder, CLOCK, audit);
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
    void aSubmittedCommandAwaitsConfirmationAndNothingRunsUntilThen() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (CommandBook book = open()) {
            Command c = book.submit(enable("x"), "alice", "admin", Books.change(List.of("x will be enabled"), Map.of("extension:x", 3L),
                    () -> new CommandBook.Outcome<>(runs.incrementAndGet(), "x enabled")));
            assertEquals(CommandState.AWAITING_CONFIRMATION, c.state());
            assertEquals(0, runs.get(), "submitting changes nothing");
            assertEquals(Map.of("extension:x", 3L), c.basis());
            assertTrue(c.rendering().contains("  x will be enabled\n"), c.rendering());
            assertTrue(c.rendering().contains("Submitted by alice acting as admin"), c.rendering());
            assertTrue(c.rendering().contains("  extension:x at modification 3\n"), c.rendering());
            assertEquals(Optional.of(CLOCK.instant().plus(Duration.ofMinutes(15))), c.expiresAt());

            Command done = ((CommandBook.Decision.Ran) book.confirm(c.id(), "bob", Books.anyRendering())).command();
            assertEquals(CommandState.DONE, done.state());
            assertEquals(Optional.of("bob"), done.confirmedBy());
            assertEquals(1, runs.get());
            CommandRefusedException again = assertThrows(CommandRefusedException.class, () -> book.confirm(c.id(), "bob", Books.anyRendering()));
            assertEquals("not_awaiting", again.code(), "a confirmation replayed is refused");
            assertEquals(1, runs.get());
        }
        List<String> states = Files.readAllLines(folder.resolve(CommandJournal.FILE_NAME)).stream()
                .map(l -> l.replaceAll(".*\"state\":\"([a-z_]+)\".*", "$1")).toList();
        assertEquals(List.of("submitted", "awaiting_confirmation", "in_progress", "done"), states);
        assertEquals(List.of(CommandAudit.STATUS, CommandAudit.RENDERING, CommandAudit.STATUS),
                audit.records.stream().map(Books.Audited::kind).toList());
        assertTrue(audit.records.get(2).payload().startsWith("done: x enabled"), audit.records.get(2).payload());
    }

    @Test
    void aChangeThatCannotBeMadeAsThingsStandIsAbortedAtSubmission() throws Exception {
        try (CommandBook book = open()) {
            CommandAbortedException e = assertThrows(CommandAbortedException.class, () -> book.submit(enable("x"), "alice", "admin",
                    PreparedChange.of(() -> { throw new IOException("no extension x"); }, () -> new CommandBook.Outcome<>(1, "never"),
                            () -> { })));
            assertEquals(CommandState.ABORTED, e.command().state());
            assertEquals(Optional.of("no extension x"), e.command().reason());
        }
    }

    @Test
    void aFailingChangeAbortsTheCommandWithItsReason() throws Exception {
        try (CommandBook book = open()) {
            Command c = Books.run(book, enable("x"), "alice", () -> { throw new IOException("disk full"); });
            assertEquals(CommandState.ABORTED, c.state());
            assertEquals(Optional.of("disk full"), c.reason());
        }
    }

    @Test
    void whenWhatItWillDoChangedTheConfirmationRunsNothingAndTheNewRenderingIsRecorded() throws Exception {
        AtomicLong count = new AtomicLong(3);
        AtomicInteger runs = new AtomicInteger();
        try (CommandBook book = open()) {
            Command c = book.submit(enable("x"), "alice", "admin", PreparedChange.of(
                    () -> PreparedChange.Preview.of(List.of("x will be enabled"), Map.of("extension:x", count.get())),
                    () -> new CommandBook.Outcome<>(runs.incrementAndGet(), "x enabled"), () -> { }));
            String shown = c.rendering();
            count.set(4);
            CommandBook.Decision d = book.confirm(c.id(), "bob", Books.answering(shown));
            Command changed = assertInstanceOf(CommandBook.Decision.Changed.class, d).command();
            assertEquals(0, runs.get());
            assertTrue(changed.rendering().contains("extension:x at modification 4"), changed.rendering());
            assertEquals(CommandState.AWAITING_CONFIRMATION, book.get(c.id()).orElseThrow().state());
            Command done = ((CommandBook.Decision.Ran) book.confirm(c.id(), "bob", Books.answering(changed.rendering()))).command();
            assertEquals(CommandState.DONE, done.state());
            assertEquals(1, runs.get());
        }
    }

    @Test
    void withoutAnAuditRecordNothingIsSubmittedOrConfirmed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (CommandBook book = open()) {
            audit.failing = true;
            CommandAbortedException e = assertThrows(CommandAbortedException.class, () -> book.submit(enable("x"), "alice", "admin",
                    Books.change(List.of("x"), Map.of(), () -> new CommandBook.Outcome<>(runs.incrementAndGet(), "x"))));
            assertTrue(e.command().reason().orElseThrow().startsWith("the audit log cannot record the command"), e.command().reason().get());

            audit.failing = false;
            Command c = book.submit(enable("y"), "alice", "admin", Books.change(List.of("y"), Map.of(),
                    () -> new CommandBook.Outcome<>(runs.incrementAndGet(), "y")));
            audit.failing = true;
            CommandRefusedException refused = assertThrows(CommandRefusedException.class, () -> book.confirm(c.id(), "bob", Books.anyRendering()));
            assertEquals("audit_unavailable", refused.code());
            assertEquals(0, runs.get());
            assertEquals(CommandState.AWAITING_CONFIRMATION, book.get(c.id()).orElseThrow().state(), "it can be confirmed once the log works");
            audit.failing = false;
            assertEquals(CommandState.DONE, ((CommandBook.Decision.Ran) book.confirm(c.id(), "bob", Books.anyRendering())).command().state());
        }
    }

    @Test
    void aCommandCanBeCancelledOnlyBeforeItIsConfirmed() throws Exception {
        try (CommandBook book = open()) {
            Command c = book.submit(enable("x"), "alice", "admin", Books.change(List.of("x"), Map.of(), () -> new CommandBook.Outcome<>(1, "x")));
            Command cancelled = book.cancel(c.id(), "alice", "withdrawn");
            assertEquals(CommandState.CANCELLED, cancelled.state());
            assertEquals(Optional.of("withdrawn (alice)"), cancelled.reason());
            assertEquals("not_awaiting", assertThrows(CommandRefusedException.class,
                    () -> book.confirm(c.id(), "bob", Books.anyRendering())).code());
            Command ran = Books.run(book, enable("y"), "alice", () -> new CommandBook.Outcome<>(1, "y"));
            assertEquals("not_awaiting", assertThrows(CommandRefusedException.class, () -> book.cancel(ran.id(), "alice", "late")).code());
        }
    }

    @Test
    void aCommandNobodyConfirmsInTimeExpiresAndCannotBeConfirmedAfter() throws Exception {
        MovableClock clock = new MovableClock(CLOCK.instant());
        AtomicInteger runs = new AtomicInteger();
        try (CommandBook book = Books.open(folder, clock, audit)) {
            Command c = book.submit(enable("x"), "alice", "admin", Books.change(List.of("x"), Map.of(),
                    () -> new CommandBook.Outcome<>(runs.incrementAndGet(), "x")));
            clock.advance(Duration.ofMinutes(14));
            assertEquals(List.of(), book.expireDue());
            clock.advance(Duration.ofMinutes(1));
            assertEquals(CommandState.EXPIRED, book.get(c.id()).orElseThrow().state());
            assertEquals("not_awaiting", assertThrows(CommandRefusedException.class,
                    () -> book.confirm(c.id(), "bob", Books.anyRendering())).code());
            assertEquals(0, runs.get());
        }
    }

    @Test
    void commandsSurviveARestartAndOnesStillAwaitingExpire() throws Exception {
        String done;
        String waiting;
        try (CommandBook book = open()) {
            done = Books.run(book, enable("x"), "alice", () -> new CommandBook.Outcome<>(1, "ok")).id();
            Path upload = Files.writeString(folder.resolve("upload.jar"), "bytes");
            Path staged = book.stage(upload, sha256("bytes"), 5).file();
            waiting = book.submit(enable("y"), "bob", "admin", PreparedChange.of(() -> PreparedChange.Preview.of(List.of("y"), Map.of()),
                    () -> new CommandBook.Outcome<>(2, "ok"), () -> { })).id();
            assertTrue(Files.exists(staged));
        }
        try (CommandBook book = open()) {
            assertEquals(2, book.list().size());
            Command first = book.get(done).orElseThrow();
            assertEquals("alice", first.submitter());
            assertEquals(CommandState.DONE, first.state());
            assertEquals("Enable extension [x]", first.canonicalForm());
            Command second = book.get(waiting).orElseThrow();
            assertEquals(CommandState.EXPIRED, second.state());
            assertEquals(Optional.of(CommandBook.RESTARTED), second.reason());
            try (var staged = Files.list(folder.resolve(CommandBook.STAGING))) {
                assertEquals(0, staged.count(), "what was staged for a command that can no longer run is gone");
            }
        }
    }

    @Test
    void aCommandLeftSubmittedNeverRanAndIsAbortedAtOpenAndATornLineIsSkipped() throws Exception {
        try (CommandJournal journal = CommandJournal.open(folder)) {
            journal.append(Command.submitted("c-1", enable("x"), "alice", "admin", CLOCK.instant()));
        }
        Files.writeString(folder.resolve(CommandJournal.FILE_NAME), "{\"id\":\"c-2\",\"ty", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (CommandBook book = open()) {
            Command after = book.get("c-1").orElseThrow();
            assertEquals(CommandState.ABORTED, after.state());
            assertEquals(Optional.of(CommandBook.NOT_RUN), after.reason());
            assertEquals(1, book.list().size());
        }
    }

    @Test
    void aCommandLeftInProgressWaitsUntilTheStoreCanTellThenTakesTheStateTheStoreShows() throws Exception {
        try (CommandJournal journal = CommandJournal.open(folder)) {
            journal.append(Command.submitted("gone", remove("x"), "alice", "admin", CLOCK.instant()).inProgress(Optional.of("bob"), CLOCK.instant()));
            journal.append(Command.submitted("kept", remove("y"), "alice", "admin", CLOCK.instant()).inProgress(Optional.of("bob"), CLOCK.instant()));
        }
        try (CommandBook book = open()) {
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
        try (CommandBook book = open()) {
            assertEquals(CommandState.DONE, book.get("gone").orElseThrow().state(), "the decision is in the journal");
        }
    }

    @Test
    void aFinishedCommandDoesNotChangeState() {
        Command done = Command.submitted("c", enable("x"), "a", "admin", CLOCK.instant()).inProgress(Optional.empty(), CLOCK.instant())
                .done("ok", CLOCK.instant());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> done.aborted("late", CLOCK.instant()));
        assertEquals("command c is done; it cannot become aborted", e.getMessage());
        assertThrows(IllegalStateException.class, () -> done.cancelled("late", CLOCK.instant()));
        assertFalse(CommandState.AWAITING_CONFIRMATION.finished());
    }

    @Test
    void jsonRoundTrips() {
        Command c = Command.submitted("c", CommandRequest.of(CommandType.FLOWS_REPLACE, "flows", Map.of("document.sha256", "ff")), "a",
                "admin", CLOCK.instant()).awaiting("a rendering\n", Map.of("flows", 7L), CLOCK.instant(), CLOCK.instant())
                .cancelled("withdrawn", CLOCK.instant());
        assertEquals(c, CommandJson.fromJson(CommandJson.toJson(c)));
    }

    @Test
    void anUploadIsStagedOnlyWithTheDigestAndSizeTheCommandNames() throws Exception {
        try (CommandBook book = open()) {
            Path upload = Files.writeString(folder.resolve("upload.jar"), "bytes");
            java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> book.stage(upload, sha256("other"), 5));
            assertTrue(refused.getMessage().contains("is no longer what was submitted"), refused.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> book.stage(upload, sha256("bytes"), 4));
            try (var staged = Files.list(folder.resolve(CommandBook.STAGING))) {
                assertEquals(0, staged.count(), "a copy that is not what was submitted is not kept");
            }
            StagedUpload kept = book.stage(upload, sha256("bytes"), 5);
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(kept.file().getParent())));
            kept.verify();
        }
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
