package org.gatehouse.bench.sandbox.extension;

import java.io.File;
import java.util.function.Predicate;

/** {@code File.exists}: a {@code file <path> read} request, the most frequent check an extension makes. */
public final class FileExists implements Predicate<String> {
    @Override
    public boolean test(String path) {
        return new File(path).exists();
    }
}
