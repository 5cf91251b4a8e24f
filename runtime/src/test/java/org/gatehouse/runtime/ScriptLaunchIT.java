package org.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole start path as an operator runs it: {@code bin/gatehouse run} with its hardening
 * flags and the sandbox agent, from a home with spaces in its path assembled like the distribution, on this JVM and on
 * Temurin 25 when installed (where Unsafe memory access and native access are denied). The
 * element must come up without a JVM warning, proxy a request to its demo upstream, and exit 0
 * on SIGTERM.
 */
class ScriptLaunchIT {
    private static final Pattern LISTENER = Pattern.compile("listener public bound on 127\\.0\\.0\\.1:(\\d+) \\(http\\)");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"this JVM", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void runStartsServesAndStopsCleanly(String jdk) throws Exception {
        Path javaHome = jdk.equals("this JVM") ? Path.of(System.getProperty("java.home")) : Path.of(jdk);
        assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), jdk + " is not installed here");
        TestHome home = TestHome.create(folder.resolve("gate house"));
        installLauncher(home);

        ProcessBuilder builder = new ProcessBuilder("bash", home.home().resolve("bin/gatehouse").toString(), "run")
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(folder.resolve("run.out").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEHOUSE_") || key.equals("JAVA_OPTS"));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        try {
            int port = awaitListener(process, home);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());

            process.destroy(); // SIGTERM to the java process the script exec'd
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "SIGTERM must stop the element");
            String output = output();
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("msg=\"gatehouse stopped in "), output);
            assertTrue(output.contains("-javaagent:" + home.home().resolve("lib/sandbox-agent.jar")), "the sandbox agent ran: " + output);
            List<String> foreign = output.lines().filter(line -> !line.startsWith("ts=")).toList();
            assertEquals(List.of(), foreign, "only logfmt lines: no JVM warning (Unsafe, native access, attach)");
        } finally {
            process.destroyForcibly();
        }
    }

    /** lib/ as the distribution has it: the packaged launcher jar beside the Felix framework. */
    private static void installLauncher(TestHome home) throws IOException {
        Path lib = Files.createDirectories(home.home().resolve("lib"));
        try (Stream<Path> jars = Files.list(TestHome.staging().resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        Files.copy(Path.of(System.getProperty("gatehouse.test.launcher.jar")), lib.resolve("gatehouse-runtime.jar"));
        Path script = Files.createDirectories(home.home().resolve("bin")).resolve("gatehouse");
        Files.copy(TestHome.distSources().resolve("bin/gatehouse"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int awaitListener(Process process, TestHome home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(home.data().resolve("gatehouse.ready"))) {
                Matcher bound = LISTENER.matcher(output());
                if (bound.find()) {
                    return Integer.parseInt(bound.group(1));
                }
            }
            if (!process.isAlive()) {
                fail("bin/gatehouse run exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        return fail("not ready within 90 s:\n" + output());
    }

    private String output() throws IOException {
        return Files.readString(folder.resolve("run.out"), StandardCharsets.UTF_8);
    }
}
