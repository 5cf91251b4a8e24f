package org.gatehouse.bench.sandbox.extension;

import java.io.File;
import java.util.function.Function;

/**
 * {@code File.exists} on a path the extension may not read, returning the denial: what a denied
 * operation costs the extension, the exception included. Null when nothing denied it (unguarded).
 */
public final class FileExistsDenied implements Function<String, SecurityException> {
    @Override
    public SecurityException apply(String path) {
        try {
            new File(path).exists();
            return null;
        } catch (SecurityException denied) {
            return denied;
        }
    }
}
