package org.gatehouse.runtime.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.logging.Level;

/**
 * Where and how much the launcher logs: the level of the whole stream, the folder of the
 * rotating {@code gatehouse.log} files, and whether (and from which level) records are also
 * written to standard output.
 */
public record LogSettings(Level level, Path directory, boolean toStdout, Level stdoutLevel, int fileSizeBytes, int fileCount) {

    public LogSettings {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stdoutLevel, "stdoutLevel");
        if (fileSizeBytes < 1024 || fileCount < 1) {
            throw new IllegalArgumentException("log files need at least 1024 bytes and a count of 1, got "
                    + fileSizeBytes + " bytes x " + fileCount);
        }
    }

    /** {@code <directory>/gatehouse.log}. */
    public Path file() {
        return directory.resolve("gatehouse.log");
    }
}
