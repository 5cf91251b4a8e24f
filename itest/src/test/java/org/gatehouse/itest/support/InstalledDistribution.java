package org.gatehouse.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of the distribution in a temporary folder whose path contains a space, run
 * through its own {@code bin/gatehouse} with {@code GATEHOUSE_CONF} and {@code GATEHOUSE_DATA}
 * pointing at separate temporary folders, so process tests never touch the build's distribution
 * and never collide with each other.
 *
 * <pre>{@code
 * try (InstalledDistribution gatehouse = InstalledDistribution.copyOf(Distribution.located())) {
 *     new ElementXml()...writeTo(gatehouse.confDir());
 *     assertEquals(0, gatehouse.command(Duration.ofSeconds(60), "start").exitCode());
 * }
 * }</pre>
 */
public final class InstalledDistribution implements AutoCloseable {

    /** What a finished command did: its exit code and everything it printed (stdout and stderr). */
    public record CommandResult(int exitCode, String output) {
    }

    private final Path root;
    private final Path home;
    private final Path confDir;
    private final Path dataDir;

    private InstalledDistribution(Path root) {
        this.root = root;
        this.home = root.resolve("gatehouse home");
        this.confDir = root.resolve("conf dir");
        this.dataDir = root.resolve("data dir");
    }

    /** Copies {@code distribution} (and its conf folder, separately) into a new temporary folder. */
    public static InstalledDistribution copyOf(Distribution distribution) {
        try {
            InstalledDistribution copy = new InstalledDistribution(Files.createTempDirectory("gatehouse itest "));
            copyTree(distribution.home(), copy.home);
            copyTree(distribution.confDir(), copy.confDir);
            Files.createDirectories(copy.dataDir);
            // the management API's shipped port is fixed: a copy under test takes a free one
            // (a test that needs to know it sets its own address after this line; the last one wins)
            Files.writeString(copy.confDir.resolve("gatehouse.properties"), "\ngatehouse.management.address=127.0.0.1:0\n",
                    java.nio.file.StandardOpenOption.APPEND);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the distribution " + distribution.home(), e);
        }
    }

    public Path home() {
        return home;
    }

    public Path confDir() {
        return confDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code <home>/logs/gatehouse.log}, or empty text when it does not exist yet. */
    public String logFile() {
        Path log = home.resolve("logs").resolve("gatehouse.log");
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /** The pid written by the launcher to {@code <data>/gatehouse.pid}, if it is there. */
    public Optional<Long> pid() {
        Path file = dataDir.resolve("gatehouse.pid");
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The running element of this copy: the pid file's process, and only if its command line
     * names this copy (a stale pid file may name a pid reused by an unrelated process).
     */
    public Optional<ProcessHandle> elementProcess() {
        return pid().flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(root.toString())).orElse(false));
    }

    /** A process builder for {@code bin/gatehouse args}, environment set, output merged. */
    public ProcessBuilder processBuilder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("gatehouse").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("GATEHOUSE_CONF", confDir.toString());
        environment.put("GATEHOUSE_DATA", dataDir.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    /** Runs {@code bin/gatehouse args} to completion, failing when it takes longer than {@code timeout}. */
    public CommandResult command(Duration timeout, String... args) {
        return commandWithInput(timeout, "", args);
    }

    /** Runs {@code bin/gatehouse args} with {@code input} on its standard input (then closed), as a person at a terminal would type it. */
    public CommandResult commandWithInput(Duration timeout, String input, String... args) {
        try {
            Path output = Files.createTempFile(root, "command", ".out");
            Process process = processBuilder(args).redirectOutput(output.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("bin/gatehouse " + String.join(" ", args) + " did not finish within " + timeout
                        + "; output:\n" + Files.readString(output));
            }
            return new CommandResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run bin/gatehouse " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Kills a left-over element (from a failed test) and deletes the copy. */
    @Override
    public void close() {
        elementProcess().ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        });
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** The contents of data/ and logs/ of a distribution someone ran in place are not part of what ships. */
    private static boolean isRuntimeState(Path relative) {
        return relative.getNameCount() > 1
                && (relative.getName(0).toString().equals("data") || relative.getName(0).toString().equals("logs"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (isRuntimeState(from.relativize(source))) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    // keeps the executable bit of bin/gatehouse
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
