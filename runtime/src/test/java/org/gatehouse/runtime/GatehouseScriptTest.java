package org.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the real {@code bin/gatehouse} with {@code --print-command}: the JVM hardening flags it
 * chooses per Java version (with small stand-in {@code java} executables that print a given
 * version, and with the real JDKs on this machine), the options it passes, and its behaviour with
 * spaces in paths and without a suitable Java.
 */
class GatehouseScriptTest {
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path folder;

    private Path home;

    @BeforeEach
    void installScript() throws IOException {
        home = folder.resolve("gate house");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Path script = home.resolve("bin/gatehouse");
        Files.copy(TestHome.distSources().resolve("bin/gatehouse"), script);
        executable(script);
        Files.createFile(home.resolve("lib/sandbox-agent.jar"));
        Files.createFile(home.resolve("lib/sandbox-bridge.jar"));
    }

    @ParameterizedTest(name = "Java {0}")
    @CsvSource(delimiter = '|', value = {
        "17.0.15 | -XX:+DisableAttachMechanism -Djava.security.manager=disallow",
        "21.0.4  | -XX:+DisableAttachMechanism -Djava.security.manager=disallow -XX:-EnableDynamicAgentLoading",
        "22      | -XX:+DisableAttachMechanism -Djava.security.manager=disallow -XX:-EnableDynamicAgentLoading",
        "23.0.1  | -XX:+DisableAttachMechanism -Djava.security.manager=disallow -XX:-EnableDynamicAgentLoading --sun-misc-unsafe-memory-access=deny",
        "24-ea   | -XX:+DisableAttachMechanism -Djava.security.manager=disallow "
                + "-XX:-EnableDynamicAgentLoading --sun-misc-unsafe-memory-access=deny --illegal-native-access=deny",
        "25.0.3  | -XX:+DisableAttachMechanism -Djava.security.manager=disallow "
                + "-XX:-EnableDynamicAgentLoading --sun-misc-unsafe-memory-access=deny --illegal-native-access=deny",
    })
    void hardeningFlagsFollowTheJavaVersion(String version, String flags) throws Exception {
        Path javaHome = fakeJava(version);

        Result result = run(Map.of("JAVA_HOME", javaHome.toString()), "run", "--print-command");

        assertEquals(0, result.exitCode(), result.output());
        List<String> expected = new ArrayList<>();
        expected.add(javaHome.resolve("bin/java").toString());
        expected.addAll(List.of(flags.split(" ")));
        expected.add("-javaagent:" + home.resolve("lib/sandbox-agent.jar"));
        expected.addAll(launcherArguments(home.resolve("conf"), home.resolve("data")));
        assertEquals(expected, result.lines());
    }

    @Test
    void withoutTheSandboxAgentTheElementDoesNotStart() throws Exception {
        Path javaHome = fakeJava("17.0.15");
        Files.delete(home.resolve("lib/sandbox-bridge.jar"));

        Result result = run(Map.of("JAVA_HOME", javaHome.toString()), "run", "--print-command");

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("the sandbox agent is missing"), result.output());
        assertTrue(result.lines().stream().noneMatch(line -> line.endsWith("/bin/java")), result.output());
    }

    @Test
    void nativeAccessIsGrantedOnlyWhenAsked() throws Exception {
        Path javaHome = fakeJava("25");

        Result result = run(Map.of("JAVA_HOME", javaHome.toString(), "GATEHOUSE_NATIVE_ACCESS", "ALL-UNNAMED"), "run", "--print-command");

        assertTrue(result.lines().contains("--enable-native-access=ALL-UNNAMED"), result.output());
        assertTrue(result.lines().contains("--illegal-native-access=deny"), result.output());
    }

    @Test
    void optionsFoldersAndTheSandboxAgentLandOnTheCommandLine() throws Exception {
        Path javaHome = fakeJava("17.0.15");

        Result result = run(Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-Xmx256m  -Da=1", "GATEHOUSE_OPTS", "-Dgatehouse.log.level=debug",
                "GATEHOUSE_DATA", "env data"), "start", "--print-command", "--conf", "my conf");

        assertEquals(0, result.exitCode(), result.output());
        List<String> lines = result.lines();
        int agent = lines.indexOf("-javaagent:" + home.resolve("lib/sandbox-agent.jar"));
        int background = lines.indexOf("-Dgatehouse.log.stdout.level=warn");
        int javaOpts = lines.indexOf("-Xmx256m");
        assertTrue(agent > 0 && background > agent && javaOpts > background, result.output());
        assertEquals(List.of("-Xmx256m", "-Da=1", "-Dgatehouse.log.level=debug"), lines.subList(javaOpts, javaOpts + 3));
        assertEquals(launcherArguments(folder.resolve("my conf"), folder.resolve("env data")),
                lines.subList(lines.size() - 9, lines.size()));
    }

    @Test
    void theRealJdksGetTheirFlags() throws Exception {
        Result jdk = run(Map.of("JAVA_HOME", System.getProperty("java.home")), "run", "--print-command");
        assertEquals(0, jdk.exitCode(), jdk.output());
        assertTrue(jdk.lines().contains("-XX:+DisableAttachMechanism"), jdk.output());
        assumeTrue(Files.isExecutable(TEMURIN_25.resolve("bin/java")), "Temurin 25 is not installed here");
        Result temurin = run(Map.of("JAVA_HOME", TEMURIN_25.toString()), "run", "--print-command");
        assertTrue(temurin.lines().containsAll(List.of("-XX:-EnableDynamicAgentLoading", "--sun-misc-unsafe-memory-access=deny",
                "--illegal-native-access=deny")), temurin.output());
    }

    @Test
    void anOldJavaIsRefused() throws Exception {
        Result result = run(Map.of("JAVA_HOME", fakeJava("1.8.0_402").toString()), "run", "--print-command");

        assertEquals(2, result.exitCode());
        assertTrue(result.output().contains("Gatehouse needs Java 17 or newer;"), result.output());
        assertTrue(result.output().contains("is Java 8"), result.output());
    }

    @Test
    void aMissingJavaHomeIsNamed() throws Exception {
        Result result = run(Map.of("JAVA_HOME", folder.resolve("nowhere").toString()), "run");

        assertEquals(2, result.exitCode());
        assertTrue(result.output().contains("bin/java is not executable"), result.output());
    }

    @Test
    void statusAndStopWithNothingRunning() throws Exception {
        Result status = run(Map.of(), "status", "--data", folder.resolve("data").toString());
        Result stop = run(Map.of(), "stop", "--data", folder.resolve("data").toString());
        Files.createDirectories(folder.resolve("data"));
        Files.writeString(folder.resolve("data/gatehouse.pid"), "999999\n");
        Result stale = run(Map.of(), "status", "--data", folder.resolve("data").toString());

        assertEquals(3, status.exitCode(), status.output());
        assertEquals("gatehouse is not running", status.output().lines().findFirst().orElse(""));
        assertTrue(status.output().contains("extension qualification: secure default, no rules in force: admits only bundles whose"
                + " SHA-256 an operator listed (0 listed) or that a trusted publisher signed (0 trusted)"), status.output());
        assertEquals(0, stop.exitCode(), stop.output());
        assertEquals(1, stale.exitCode(), stale.output());
        assertTrue(stale.output().contains("stale pid file"), stale.output());
    }

    @Test
    void statusSaysWhatInstallQualificationAdmitsAsTextAndJson() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Result none = run(Map.of(), "status", "--json", "--data", data.toString());
        assertEquals(3, none.exitCode(), none.output());
        assertEquals("{\"state\":\"stopped\",\"pid\":null,\"qualification\":{\"default\":\"trusted\",\"rules\":\"none\","
                + "\"listedHashes\":0,\"trustedPublishers\":0}}", none.output().trim());

        // rules, one listed hash and one publisher in force, as confirmed commands record them
        Path records = Files.createDirectories(data.resolve("commands/in-force/trusted-publishers"));
        Files.writeString(records.resolve("../qualification-rules.xml.rec"), "gatehouse-in-force 1 present sha256=00\n<qualification-rules/>");
        Files.writeString(records.resolve("../signature-db.xml.rec"), "gatehouse-in-force 1 present sha256=00\n<signature-database>\n"
                + "  <entry sha256=\"ab\"/>\n</signature-database>\n");
        Files.writeString(records.resolve(".adopted"), "");
        Files.writeString(records.resolve("acme.pem.rec"), "gatehouse-in-force 1 present sha256=00\n-----BEGIN CERTIFICATE-----\n");
        Files.writeString(records.resolve("gone.pem.rec"), "gatehouse-in-force 1 absent\n");
        Result some = run(Map.of(), "status", "--json", "--data", data.toString());
        assertEquals("{\"state\":\"stopped\",\"pid\":null,\"qualification\":{\"default\":\"trusted\",\"rules\":\"in-force\","
                + "\"listedHashes\":1,\"trustedPublishers\":1}}", some.output().trim());
        Result text = run(Map.of(), "status", "--data", data.toString());
        assertTrue(text.output().contains("extension qualification: the qualification rules in force decide (1 listed hashes, 1 trusted"
                + " publishers)"), text.output());
        assertEquals(2, run(Map.of(), "stop", "--json", "--data", data.toString()).exitCode(), "--json is for status");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() throws Exception {
        assertEquals(2, run(Map.of(), "launch").exitCode());
        Result option = run(Map.of(), "run", "--verbose");
        assertEquals(2, option.exitCode());
        assertTrue(option.output().contains("unknown option '--verbose'"), option.output());
        Result help = run(Map.of(), "help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().contains("gatehouse start"), help.output());
        assertFalse(help.output().contains("set -euo"), help.output());
    }

    private List<String> launcherArguments(Path conf, Path data) {
        return List.of("-cp", home.resolve("lib/gatehouse-runtime.jar").toString(), "org.gatehouse.runtime.Launcher",
                "--home", home.toString(), "--conf", conf.toString(), "--data", data.toString());
    }

    /** A JAVA_HOME whose bin/java prints {@code version} the way the JDK does, to stderr. */
    private Path fakeJava(String version) throws IOException {
        Path javaHome = folder.resolve("jdk " + version);
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'Picked up JAVA_TOOL_OPTIONS: -Dx=1' >&2\n"
                + "echo 'openjdk version \"" + version + "\" 2025-01-01' >&2\necho 'OpenJDK Runtime Environment' >&2\n",
                StandardCharsets.US_ASCII);
        executable(java);
        return javaHome;
    }

    private Result run(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/gatehouse").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEHOUSE_") || key.equals("JAVA_OPTS"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/gatehouse did not finish");
        return new Result(process.exitValue(), output);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }
}
