package org.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the launcher as its own process, the way {@code bin/gatehouse run} does: readiness and the
 * pid file, a second launcher on the same data folder refused, SIGTERM giving a clean stop with
 * exit code 0, and a restart after {@code kill -9}.
 */
class LauncherProcessIT {
    private static final long START_SECONDS = 90;

    @TempDir
    Path folder;

    private TestHome home;
    private Process running;

    @BeforeEach
    void prepare() throws IOException {
        home = TestHome.create(folder.resolve("home"));
    }

    @AfterEach
    void killLeftovers() {
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
        }
    }

    @Test
    void startsOnceStopsOnSigtermAndRestartsAfterKill9() throws Exception {
        running = launch("first");
        awaitReady(running, "first");
        assertEquals(Long.toString(running.pid()), read(home.data().resolve("gatehouse.pid")));
        assertTrue(log().contains("msg=\"gatehouse started in "), log());
        assertTrue(log().contains("flags [-XX:+DisableAttachMechanism]"), log());

        Process second = launch("second");
        assertTrue(second.waitFor(START_SECONDS, TimeUnit.SECONDS), "a second launcher must give up at once");
        assertEquals(3, second.exitValue());
        assertTrue(output("second").contains("another Gatehouse is running with data folder " + home.data() + " (pid " + running.pid() + ")"),
                output("second"));

        running.destroy(); // SIGTERM
        assertTrue(running.waitFor(60, TimeUnit.SECONDS), "SIGTERM must stop the element");
        assertEquals(0, running.exitValue(), output("first"));
        assertTrue(log().contains("msg=\"SIGTERM received: stopping"), log());
        assertTrue(log().contains("msg=\"gatehouse stopped in "), log());
        assertFalse(Files.exists(home.data().resolve("gatehouse.pid")), "a clean stop removes the pid file");

        running = launch("third");
        awaitReady(running, "third");
        running.destroyForcibly(); // kill -9: no cleanup at all
        running.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(home.data().resolve("gatehouse.pid")), "kill -9 leaves the pid file behind");

        running = launch("fourth");
        awaitReady(running, "fourth");
        assertTrue(log().contains("did not shut down cleanly"), log());
        running.destroy();
        assertTrue(running.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, running.exitValue(), output("fourth"));
    }

    @Test
    void sigtermDuringStartUpStillExitsZero() throws Exception {
        running = launch("early");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        // the signal handlers are installed before this line is logged
        while (!(Files.exists(home.logFile()) && log().contains("msg=\"gatehouse starting: pid"))) {
            assertTrue(running.isAlive() && System.nanoTime() < deadline, "never started:\n" + output("early"));
            Thread.sleep(20);
        }

        running.destroy(); // SIGTERM, most likely while bundles are installed or started

        assertTrue(running.waitFor(60, TimeUnit.SECONDS), "a SIGTERM during start-up must stop the launcher");
        assertEquals(0, running.exitValue(), output("early"));
        assertTrue(log().contains("msg=\"gatehouse stopped in "), log());
        assertFalse(Files.exists(home.data().resolve("gatehouse.pid")));
    }

    @Test
    void aBadSettingExitsWithTwoAndSaysWhy() throws Exception {
        Files.writeString(home.conf().resolve("gatehouse.properties"), "gatehouse.shutdown.timeout=soon\n");

        Process process = launch("bad");

        assertTrue(process.waitFor(START_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output("bad").contains("gatehouse: " + home.conf().resolve("gatehouse.properties")
                + ": gatehouse.shutdown.timeout: 'soon' is not a duration"), output("bad"));
    }

    private Process launch(String name) throws IOException {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        // what the launcher jar's Class-Path names: the framework, the bridge and platform-files
        String classPath = classes + File.pathSeparator + frameworkJar() + File.pathSeparator
                + TestHome.staging().resolve("lib").resolve("sandbox-bridge.jar") + File.pathSeparator
                + TestHome.staging().resolve("lib").resolve("platform-files.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+DisableAttachMechanism", "-cp", classPath, "org.gatehouse.runtime.Launcher", "--home", home.home().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".out").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEHOUSE_"));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private void awaitReady(Process process, String name) throws Exception {
        Path ready = home.data().resolve("gatehouse.ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(ready) && read(ready).equals(Long.toString(process.pid()))) {
                return;
            }
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before it was ready:\n" + output(name));
            }
            Thread.sleep(100);
        }
        fail(name + " was not ready within " + START_SECONDS + " s:\n" + output(name));
    }

    private static Path frameworkJar() throws IOException {
        try (Stream<Path> jars = Files.list(TestHome.staging().resolve("lib"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("org.apache.felix.framework-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Felix framework staged in " + TestHome.staging()));
        }
    }

    private String log() throws IOException {
        return Files.readString(home.logFile(), StandardCharsets.UTF_8);
    }

    private String output(String name) throws IOException {
        return Files.readString(folder.resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
