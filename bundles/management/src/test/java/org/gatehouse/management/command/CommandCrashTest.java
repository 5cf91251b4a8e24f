package org.gatehouse.management.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@code kill -9} while a command runs: the child JVM ({@link CrashingCommand}) is killed with
 * SIGKILL before or after its change reached the store; at the next open the command is decided
 * from the store, done when the change happened and aborted when it did not, never the other way.
 */
class CommandCrashTest {
    @TempDir
    Path root;

    @ParameterizedTest(name = "killed {0}")
    @CsvSource({"before-change, aborted, false", "after-change, done, true"})
    void aCommandKilledMidwayTakesTheStateItsStoreShows(String step, String state, boolean removed) throws Exception {
        Path stored = Files.createDirectories(root.resolve("store")).resolve(CrashingCommand.EXTENSION);
        Files.writeString(stored, "version=1.0.0\n");

        killChildAt(step);

        assertEquals(removed, !Files.exists(stored), "the store after the kill");
        try (CommandBook book = Books.open(root.resolve("commands"), Clock.systemUTC(), new Books.Recording())) {
            Command left = book.list().get(0);
            assertEquals(CommandState.IN_PROGRESS, left.state(), "the journal says it was running");
            List<Command> decided = book.recover(command -> Optional.of(Files.exists(stored)
                    ? new CommandBook.Finding(false, "extension " + command.target() + " 1.0.0 is still in the store")
                    : new CommandBook.Finding(true, "extension " + command.target() + " is not in the store")));
            assertEquals(1, decided.size());
            assertEquals(state, book.get(left.id()).orElseThrow().state().wireName());
        }
        try (CommandBook book = Books.open(root.resolve("commands"), Clock.systemUTC(), new Books.Recording())) {
            assertEquals(state, book.list().get(0).state().wireName(), "recorded in the journal, so the next start agrees");
        }
    }

    private void killChildAt(String step) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingCommand.class.getName(), root.toString(), step)
                .redirectError(root.resolve("child.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("AT ") && !line.equals("DONE"));
            assertEquals("AT " + step, line, () -> "the child did not stop at " + step + ": " + log());
            child.destroyForcibly(); // SIGKILL: nothing of the child runs after this
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
    }

    private String log() {
        try {
            return Files.readString(root.resolve("child.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
