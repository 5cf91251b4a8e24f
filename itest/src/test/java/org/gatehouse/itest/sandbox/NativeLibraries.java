package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real shared library of the system that this JVM has not mapped yet, and whether it is mapped
 * now ({@code /proc/self/maps}): loading it is the effect the native-library row looks for.
 */
final class NativeLibraries {
    private static final List<String> CANDIDATES = List.of("libexpat.so.1", "libbz2.so.1.0", "libuuid.so.1", "liblzma.so.5");
    private static final Path LIBRARY = pick();

    private NativeLibraries() {
    }

    static Path notYetLoaded() {
        return LIBRARY;
    }

    private static Path pick() {
        for (String name : CANDIDATES) {
            for (String folder : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")) {
                Path library = Path.of(folder, name);
                if (Files.isRegularFile(library) && !isLoaded(library)) {
                    return library;
                }
            }
        }
        throw new IllegalStateException("none of " + CANDIDATES + " is installed unloaded here; the native row needs one");
    }

    static boolean isLoaded(Path library) {
        try {
            String real = library.toRealPath().toString();
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .anyMatch(line -> line.endsWith(real) || line.endsWith(library.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
