package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.confirm.ConfirmationDesk;
import org.gatehouse.management.testing.Bundles;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * An upload kept until its command is confirmed (docs/management.md "Commands") is what was
 * submitted, or nothing is shown or installed: its SHA-256 is checked at every rendering and again
 * as it is applied, from the bytes that are handed over. Whoever can write the staging folder
 * (stood in for by the test writing the file) swaps it after submission, after the last look, while
 * the manager reads it, and the copy handed over while it is installed.
 */
class StagedUploadTest extends RunningServerFixture {
    private static final String PERSON = "admin-user";

    private String submit(String version) throws Exception {
        Path jar = Bundles.write(folder.resolve("jars-" + version), "com.acme.limiter", version);
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions?file-name=limiter.jar", TestServer.ADMIN,
                "application/java-archive", Files.readAllBytes(jar));
        assertEquals(202, response.statusCode(), response.body());
        server.desk().setPhrase(PERSON, "green lanterns at noon");
        return Json.MAPPER.readTree(response.body()).path("command").path("id").asText();
    }

    private Path stagedFile() throws IOException {
        try (Stream<Path> staged = Files.list(server.dataDir().resolve("commands/staged"))) {
            List<Path> uploads = staged.filter(p -> p.toString().endsWith(".upload")).toList();
            assertEquals(1, uploads.size(), uploads.toString());
            return uploads.get(0);
        }
    }

    /** Writes another bundle (version 6.6.6) over the staged file, in place. */
    private void swap(Path file) throws IOException {
        Files.write(file, Files.readAllBytes(Bundles.write(folder.resolve("evil"), "com.acme.limiter", "6.6.6")));
    }

    private List<String> auditPayloads() {
        List<String> payloads = new ArrayList<>();
        for (AuditRecord r : server.services.audit.read(0, 10_000)) {
            payloads.add(r.payload());
        }
        return payloads;
    }

    @Test
    void anUploadSwappedAfterSubmissionIsNeverShownAndTheCommandIsAbortedAndAudited() throws Exception {
        String id = submit("1.0.0");
        swap(stagedFile());
        ConfirmationDesk.ConfirmationRefused refused = assertThrows(ConfirmationDesk.ConfirmationRefused.class,
                () -> server.desk().render(id, PERSON));
        Command aborted = server.commands().get(id).orElseThrow();
        assertEquals(CommandState.ABORTED, aborted.state(), refused.getMessage());
        String reason = aborted.reason().orElseThrow();
        assertTrue(reason.contains("is no longer what was submitted") && reason.contains("it was changed after it was submitted"), reason);
        assertTrue(server.services.extensions.list().isEmpty(), "nothing installed");
        assertTrue(auditPayloads().stream().anyMatch(p -> p.startsWith("aborted: it can no longer be made: the staged upload")),
                "the abort is in the audit log: " + auditPayloads());
        try (Stream<Path> left = Files.list(server.dataDir().resolve("commands/staged"))) {
            assertEquals(0, left.count(), "the swapped file is deleted with the command");
        }
    }

    @Test
    void anUploadUntouchedIsShownAndInstalledFromACopyThatIsNotTheStagedFile() throws Exception {
        String id = submit("1.0.0");
        Path staged = stagedFile();
        List<Path> handed = new ArrayList<>();
        server.services.extensions.beforeReading((operation, jar) -> {
            if (operation.equals("install")) {
                handed.add(jar);
                // whoever swaps the staged file now, while the manager reads what it was given, swaps nothing it reads
                swap(staged);
            }
        });
        Command done = server.confirm(id, PERSON);
        assertEquals(CommandState.DONE, done.state(), done.reason().orElse(""));
        assertEquals("1.0.0", server.services.extensions.get("com.acme.limiter").orElseThrow().version());
        assertNotEquals(staged, handed.get(0));
        assertFalse(Files.exists(handed.get(0)), "the copy handed over is deleted");
    }

    @Test
    void aSwapAfterTheLastLookIsCaughtAsTheUploadIsApplied() throws Exception {
        String id = submit("1.0.0");
        Path staged = stagedFile();
        ConfirmationDesk.Rendering shown = server.desk().render(id, PERSON);
        // the confirmation looks once more (the manager's preview), then applies: swap right after that look
        server.services.extensions.beforeReading((operation, jar) -> {
            if (operation.equals("preview read")) {
                server.services.extensions.beforeReading((o, j) -> { });
                swap(staged);
            }
        });
        ConfirmationDesk.Answer answer = server.desk().answer(id, PERSON, shown.digest(), true);
        Command ran = assertInstanceOf(ConfirmationDesk.Answer.Ran.class, answer).command();
        assertEquals(CommandState.ABORTED, ran.state());
        assertTrue(ran.reason().orElseThrow().contains("is no longer what was submitted"), ran.reason().orElseThrow());
        assertTrue(server.services.extensions.list().isEmpty(), "nothing installed");
    }

    @Test
    void aSwapWhileTheManagerInspectsTheStagedFileIsCaughtByTheDigestItReports() throws Exception {
        String id = submit("1.0.0");
        Path staged = stagedFile();
        server.services.extensions.beforeReading((operation, jar) -> {
            if (operation.equals("preview")) {
                swap(staged);
            }
        });
        assertThrows(ConfirmationDesk.ConfirmationRefused.class, () -> server.desk().render(id, PERSON));
        Command aborted = server.commands().get(id).orElseThrow();
        assertEquals(CommandState.ABORTED, aborted.state());
        assertTrue(aborted.reason().orElseThrow().contains("changed while it was inspected"), aborted.reason().orElseThrow());
        assertTrue(server.services.extensions.list().isEmpty());
    }

    @Test
    void aCopyChangedWhileTheManagerTakesItIsTakenOutOfServiceAndTheCommandAborted() throws Exception {
        String id = submit("1.0.0");
        server.services.extensions.beforeReading((operation, jar) -> {
            if (operation.equals("install")) {
                swap(jar);
            }
        });
        Command ran = server.confirm(id, PERSON);
        assertEquals(CommandState.ABORTED, ran.state());
        assertTrue(ran.reason().orElseThrow().contains("not the submitted"), ran.reason().orElseThrow());
        assertTrue(server.services.extensions.list().isEmpty(), "what was installed is removed again");
    }

    @Test
    void aStagedFileReplacedByALinkIsNotFollowed() throws Exception {
        String id = submit("1.0.0");
        Path staged = stagedFile();
        Path elsewhere = Files.copy(staged, folder.resolve("same-bytes.jar"));
        Files.delete(staged);
        Files.createSymbolicLink(staged, elsewhere);
        assertThrows(ConfirmationDesk.ConfirmationRefused.class, () -> server.desk().render(id, PERSON));
        Command aborted = server.commands().get(id).orElseThrow();
        assertEquals(CommandState.ABORTED, aborted.state());
        assertTrue(aborted.reason().orElseThrow().contains("cannot be read back"), aborted.reason().orElseThrow());
    }

    @Test
    void aStagedFileReplacedByAPipeDoesNotKeepTheConfirmationWaiting() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")), "mkfifo makes a named pipe");
        String id = submit("1.0.0");
        Path staged = stagedFile();
        Files.delete(staged);
        Process mkfifo = new ProcessBuilder("/usr/bin/mkfifo", staged.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> assertThrows(ConfirmationDesk.ConfirmationRefused.class,
                () -> server.desk().render(id, PERSON)));
        assertTrue(server.commands().get(id).orElseThrow().reason().orElseThrow().contains("no longer a regular file"));
    }
}
