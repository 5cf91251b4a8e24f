package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gatehouse.itest.support.Distribution;

/**
 * The platform's code as the distribution ships it: every jar of {@code bundles/} and of
 * {@code lib/} (Felix, the launcher, the sandbox agent and bridge), sorted by path. Read from the
 * folder, never from a list, so a jar the platform adds is covered by whatever uses this.
 */
final class PlatformJars {
    private PlatformJars() {
    }

    static List<Path> of(Distribution distribution) {
        return Stream.of("bundles", "lib").flatMap(folder -> jarsIn(distribution.home().resolve(folder))).sorted().toList();
    }

    private static Stream<Path> jarsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
