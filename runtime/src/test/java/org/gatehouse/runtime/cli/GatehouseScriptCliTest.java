package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.runtime.TestHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/gatehouse} running its management commands: it starts the command line
 * client from {@code lib/gatehouse-runtime.jar} (built here from the compiled classes) against the
 * real management server, without the sandbox agent, and passes its exit codes through.
 */
class GatehouseScriptCliTest {
    @TempDir
    Path folder;

    private Path install() throws IOException {
        Path home = folder.resolve("gate house");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Path script = home.resolve("bin/gatehouse");
        Files.copy(TestHome.distSources().resolve("bin/gatehouse"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classes = Path.of(GatehouseCli.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (OutputStream file = Files.newOutputStream(home.resolve("lib/gatehouse-runtime.jar"));
             JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> cli = Files.list(classes.resolve("org/gatehouse/runtime/cli"))) {
            for (Path c : cli.toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
        }
        return home;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path home, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/gatehouse").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEHOUSE_") || key.equals("JAVA_OPTS"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/gatehouse did not finish");
        return new Result(process.exitValue(), output);
    }

    @Test
    void managementCommandsRunTheClientWithoutTheAgent() throws Exception {
        Path home = install();
        try (TestServer server = TestServer.start(folder.resolve("element"), Map.of())) {
            Result list = run(home, Map.of("GATEHOUSE_URL", server.baseUrl(), "GATEHOUSE_TOKEN", TestServer.OPERATOR), "ext", "list");
            assertEquals(0, list.exitCode(), list.output());
            assertEquals("no extensions installed\n", list.output());

            Result refused = run(home, Map.of("GATEHOUSE_URL", server.baseUrl()), "flows", "show");
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().startsWith("gatehouse: error (401 unauthorized)"), refused.output());

            // the URL the element wrote into the data folder (GATEHOUSE_DATA) is found without GATEHOUSE_URL
            Files.writeString(Files.createDirectories(home.resolve("data")).resolve("management.url"), server.baseUrl());
            Result byDataFolder = run(home, Map.of("GATEHOUSE_TOKEN", TestServer.AUDITOR), "commands", "list");
            assertEquals(0, byDataFolder.exitCode(), byDataFolder.output());
        }
    }

    /** lib/audit-log.jar, as the distribution has it: the audit log bundle's jar (or its classes, packed) from this build. */
    private static void installAuditLogJar(Path home) throws IOException {
        Path built = Path.of(org.gatehouse.audit.log.Verifier.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path target = home.resolve("lib/audit-log.jar");
        if (Files.isRegularFile(built)) {
            Files.copy(built, target);
            return;
        }
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> classes = Files.walk(built)) {
            for (Path c : classes.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(built.relativize(c).toString()));
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
        }
    }

    @Test
    void auditVerifyRunsOfflineOnTheDataFolderWithTheAuditLogJar() throws Exception {
        Path home = install();
        installAuditLogJar(home);
        Path data = home.resolve("element data");
        try (org.gatehouse.audit.log.internal.FileAuditLog log = org.gatehouse.audit.log.internal.FileAuditLog.open(data.resolve("audit"), 3,
                java.time.Clock.systemUTC())) {
            for (int i = 0; i < 7; i++) {
                log.append("command.status", "alice", "command " + i, "done");
            }
        }
        Path key = folder.resolve("kept key.pem");
        Files.copy(data.resolve("audit/element-key.pub.pem"), key);
        Result ok = run(home, Map.of("GATEHOUSE_DATA", data.toString()), "audit", "verify", "--key", key.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertEquals("ok: 7 records, last checkpoint at 6\n", ok.output());

        Path records = data.resolve("audit/records.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(records));
        lines.remove(2);
        Files.write(records, lines);
        Result bad = run(home, Map.of("GATEHOUSE_DATA", data.toString()), "audit", "verify", "--key", key.toString());
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().startsWith("gatehouse: bad: record 2: removed"), bad.output());

        Result usage = run(home, Map.of(), "audit", "verify", "--folder");
        assertEquals(2, usage.exitCode(), usage.output());
    }

    @Test
    void usageErrorsExit2AndHelpListsTheManagementCommands() throws Exception {
        Path home = install();
        Result missing = run(home, Map.of(), "ext");
        assertEquals(2, missing.exitCode(), missing.output());
        assertEquals("gatehouse: missing what to do: list, show, upload, upgrade, enable, disable or remove (see 'gatehouse ext --help')\n", missing.output());
        Result help = run(home, Map.of(), "help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().contains("gatehouse ext list | show NAME | upload FILE [--policy FILE] [--preview]"), help.output());
        assertTrue(help.output().contains("gatehouse policy show | preview FILE --name NAME"), help.output());
        assertTrue(help.output().contains("gatehouse audit show [--from N] [--limit N] [--json]"), help.output());
    }

    @Test
    void versionAndHelpAreExit0AtEveryLevel() throws Exception {
        Path home = install();
        for (String[] args : new String[][] {{"--version"}, {"version"}, {"-V"}}) {
            Result version = run(home, Map.of(), args);
            assertEquals(0, version.exitCode(), version.output());
            assertTrue(version.output().startsWith("gatehouse ") && version.output().contains("(Java "), version.output());
        }
        for (String[] args : new String[][] {{"help"}, {"--help"}, {"-h"}, {"run", "--help"}, {"start", "-h"}, {"status", "--help"}}) {
            Result help = run(home, Map.of(), args);
            assertEquals(0, help.exitCode(), String.join(" ", args) + ": " + help.output());
            assertTrue(help.output().contains("gatehouse run     [--conf DIR] [--data DIR]"), help.output());
        }
        Result group = run(home, Map.of(), "help", "flows");
        assertEquals(0, group.exitCode(), group.output());
        assertTrue(group.output().startsWith("gatehouse flows show [--document]"), group.output());
        Result unknown = run(home, Map.of(), "frobnicate");
        assertEquals(2, unknown.exitCode());
        assertEquals("gatehouse: unknown command 'frobnicate' (see 'gatehouse help')\n", unknown.output());
    }

    @Test
    void theCompletionScriptIsBashThatCompletesTheCommands() throws Exception {
        Path home = install();
        Result completion = run(home, Map.of(), "completion");
        assertEquals(0, completion.exitCode(), completion.output());
        Path script = Files.writeString(folder.resolve("completion.bash"), completion.output());
        // source it and complete "gatehouse fl" and "gatehouse flows re"
        String probe = "source " + script + "; COMP_WORDS=(gatehouse fl); COMP_CWORD=1; _gatehouse; echo \"${COMPREPLY[*]}\";"
                + " COMP_WORDS=(gatehouse flows re); COMP_CWORD=2; _gatehouse; echo \"${COMPREPLY[*]}\"";
        Process bash = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals("flows\nreplace\n", output);
    }
}
