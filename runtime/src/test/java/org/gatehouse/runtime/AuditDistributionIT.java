package org.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a real element, read and checked the way an operator and an auditor do it with
 * {@code bin/gatehouse}: the element started from a home laid out like the distribution (staged
 * {@code lib/} with {@code audit-log.jar}, the packaged launcher, the shipped script), a refused
 * token, a role refusal and logins found in {@code gatehouse audit show}, a kept checkpoint proven
 * extended by {@code gatehouse audit consistency}, then, with the element stopped,
 * {@code gatehouse audit verify} on its data folder: ok as written, and a changed, a removed and two
 * swapped records each named as the first bad record.
 */
class AuditDistributionIT {
    @TempDir
    Path folder;
    private TestHome home;

    private record Result(int exitCode, String output) {
    }

    @AfterEach
    void stopElement() throws Exception {
        if (home != null) {
            gatehouse(Map.of(), "stop");
        }
    }

    private Result gatehouse(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.home().resolve("bin/gatehouse").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEHOUSE_") || key.equals("JAVA_OPTS"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "bin/gatehouse " + String.join(" ", arguments) + " did not finish");
        return new Result(process.exitValue(), output);
    }

    private Result as(String token, String... arguments) throws Exception {
        return gatehouse(Map.of("GATEHOUSE_TOKEN", token), arguments);
    }

    @Test
    void recordsOfARealElementAreShownProvenGrownAndVerifiedOfflineWithTamperingNamed() throws Exception {
        home = TestHome.create(folder.resolve("gate house"));
        installLauncher(home);
        Files.writeString(home.conf().resolve("management-users.xml"), TestServer.usersXml(List.of()), StandardCharsets.UTF_8);
        Result started = gatehouse(Map.of(), "start");
        assertEquals(0, started.exitCode(), started.output());

        Result guessed = as("guessed-token", "ext", "list");
        assertEquals(1, guessed.exitCode(), guessed.output());
        assertEquals(0, as(TestServer.OPERATOR, "ext", "list").exitCode());
        Result operatorReads = as(TestServer.OPERATOR, "audit", "show");
        assertEquals(1, operatorReads.exitCode(), operatorReads.output());
        assertTrue(operatorReads.output().contains("403 forbidden"), operatorReads.output());

        String shown = awaitShown(List.of("refusal", "unauthenticated 127.0.0.1", "role_refused", "operator-user", "login"));
        assertTrue(!shown.contains("guessed-token"), "never the token: " + shown);

        Path key = folder.resolve("auditor's key.pem");
        Files.copy(home.data().resolve("audit/element-key.pub.pem"), key);
        Path kept = folder.resolve("kept checkpoint.json");
        Result head = as(TestServer.AUDITOR, "audit", "head", "--key", key.toString(), "--save", kept.toString());
        assertEquals(0, head.exitCode(), head.output());
        for (int i = 0; i < 3; i++) {
            as("another-guess-" + i, "flows", "show");
            as(TestServer.ADMIN, "audit", "show");
        }
        Result grew = as(TestServer.SECURITY_OFFICER, "audit", "consistency", "--checkpoint", kept.toString(), "--key", key.toString());
        assertEquals(0, grew.exitCode(), grew.output());
        assertTrue(grew.output().startsWith("ok: the log only grew, from "), grew.output());

        Result stopped = gatehouse(Map.of(), "stop");
        assertEquals(0, stopped.exitCode(), stopped.output());
        Result verified = gatehouse(Map.of(), "audit", "verify", "--key", key.toString());
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().startsWith("ok: "), verified.output());

        Path records = home.data().resolve("audit/records.jsonl");
        List<String> lines = Files.readAllLines(records, StandardCharsets.UTF_8);
        assertTrue(lines.size() >= 4, "refusals and logins recorded: " + lines);

        List<String> changed = new ArrayList<>(lines);
        changed.set(1, changed.get(1).replace("\"actor\":\"", "\"actor\":\"x"));
        assertBad(changed, key, "record 1: changed");

        List<String> removed = new ArrayList<>(lines);
        removed.remove(1);
        assertBad(removed, key, "record 1: removed");

        List<String> reordered = new ArrayList<>(lines);
        Collections.swap(reordered, 1, 2);
        assertBad(reordered, key, "record 1: reordered");
    }

    /** The records written back into a copy of the data folder's audit log, checked there with the auditor's key. */
    private void assertBad(List<String> records, Path key, String firstProblem) throws Exception {
        Path copy = Files.createDirectories(folder.resolve("tampered-" + firstProblem.replace(' ', '-').replace(":", "")));
        try (Stream<Path> files = Files.list(home.data().resolve("audit"))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Files.write(copy.resolve("records.jsonl"), records, StandardCharsets.UTF_8);
        Result result = gatehouse(Map.of(), "audit", "verify", "--folder", copy.toString(), "--key", key.toString());
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("gatehouse: bad: " + firstProblem), result.output());
    }

    /** {@code gatehouse audit show} as the auditor, until every word is in it (recording does not hold up requests). */
    private String awaitShown(List<String> words) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result shown;
        do {
            shown = as(TestServer.AUDITOR, "audit", "show", "--limit", "1000");
            assertEquals(0, shown.exitCode(), shown.output());
            String text = shown.output();
            if (words.stream().allMatch(text::contains)) {
                return text;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not all of " + words + " shown:\n" + shown.output());
    }

    /** lib/ and bin/ as the distribution has them: the staged jars (audit-log.jar among them), the packaged launcher, the script. */
    private static void installLauncher(TestHome home) throws IOException {
        Path lib = Files.createDirectories(home.home().resolve("lib"));
        try (Stream<Path> jars = Files.list(TestHome.staging().resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        assertTrue(Files.isRegularFile(lib.resolve("audit-log.jar")), "the distribution ships lib/audit-log.jar");
        Files.copy(Path.of(System.getProperty("gatehouse.test.launcher.jar")), lib.resolve("gatehouse-runtime.jar"));
        Path script = Files.createDirectories(home.home().resolve("bin")).resolve("gatehouse");
        Files.copy(TestHome.distSources().resolve("bin/gatehouse"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
