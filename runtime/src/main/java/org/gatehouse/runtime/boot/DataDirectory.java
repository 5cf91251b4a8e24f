package org.gatehouse.runtime.boot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.gatehouse.platform.files.AtomicFile;
import org.gatehouse.platform.files.PrivateFolder;
import org.gatehouse.runtime.LaunchFailure;

/**
 * The launcher's claim on its data folder, which must be the element's own ({@link PrivateFolder}). An exclusive OS file lock on {@code gatehouse.lock}
 * guarantees one running element per data folder; the operating system releases it when the
 * process dies, even by {@code kill -9}, so a stale pid file never blocks a restart.
 * {@code gatehouse.pid} holds the running process id (for {@code bin/gatehouse stop} and
 * {@code status}); {@code gatehouse.ready} is written, with the same id, once the element is ready.
 *
 * <pre>{@code
 * try (DataDirectory data = DataDirectory.claim(dataDir)) {
 *     data.writePid(ProcessHandle.current().pid());
 *     ...
 *     data.markReady(pid);
 * }
 * }</pre>
 */
public final class DataDirectory implements AutoCloseable {
    public static final String LOCK_FILE = "gatehouse.lock";
    public static final String PID_FILE = "gatehouse.pid";
    public static final String READY_FILE = "gatehouse.ready";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final OptionalLong stalePid;

    private DataDirectory(Path directory, FileChannel lockChannel, FileLock lock, OptionalLong stalePid) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.stalePid = stalePid;
    }

    /**
     * Creates the folder if needed (mode 0700) and locks it; fails when another launcher holds it,
     * and before anything is written there when another uid owns it or group or others may write
     * it ({@link PrivateFolder}): whoever can change the data folder can change the element.
     */
    public static DataDirectory claim(Path directory) throws LaunchFailure {
        try {
            PrivateFolder.require(directory, PrivateFolder.processUid(), "data folder", true);
        } catch (IOException e) {
            throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION, e.getMessage(), e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                OptionalLong running = readPid(directory.resolve(PID_FILE));
                throw new LaunchFailure(LaunchFailure.ALREADY_RUNNING, "another Gatehouse is running with data folder "
                        + directory + (running.isPresent() ? " (pid " + running.getAsLong() + ")" : ""));
            }
            // we hold the lock, so whatever pid file or ready marker is left belongs to a dead process
            OptionalLong stale = readPid(directory.resolve(PID_FILE));
            Files.deleteIfExists(directory.resolve(READY_FILE));
            return new DataDirectory(directory, channel, lock, stale);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION, "data folder " + directory + " is not usable: " + e, e);
        }
    }

    /** The pid of an earlier run that did not shut down cleanly, if its pid file was left behind. */
    public OptionalLong stalePid() {
        return stalePid;
    }

    public Path directory() {
        return directory;
    }

    public void writePid(long pid) throws IOException {
        AtomicFile.replace(directory.resolve(PID_FILE), line(pid));
    }

    /** Tells {@code bin/gatehouse start} that the element is ready. */
    public void markReady(long pid) throws IOException {
        AtomicFile.replace(directory.resolve(READY_FILE), line(pid));
    }

    private static byte[] line(long pid) {
        return (pid + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Removes the ready marker and the pid file, then releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(directory.resolve(READY_FILE));
            Files.deleteIfExists(directory.resolve(PID_FILE));
        } finally {
            // the lock file itself stays: deleting it could race with a launcher that just opened it
            lock.release();
            lockChannel.close();
        }
    }

    static OptionalLong readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // this very JVM holds it already
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original failure is what matters
            }
        }
    }
}
