package org.gatehouse.platform.files;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Sees every change of a watched file by comparing a hash of its content, polled at a fixed
 * interval or on demand (docs/architecture.md "Files on disk"). Unlike a {@code WatchService}
 * or a modification time, a content hash misses no edit: a file replaced by a rename, one
 * written in place, two edits within the same second (or the file system's timestamp
 * granularity), a file deleted and created again, and file systems that send no change events.
 *
 * <p>A <b>single file</b> ({@link #ofFile}) stands for the content in force: its removal is
 * reported once and what was read last stays the reference, so the file coming back with that
 * same content is no change. In a <b>folder</b> ({@link #ofFolder}) each file's presence is part
 * of what is watched: a file that goes is forgotten, and one that comes back is reported as new.
 * Listeners run on the polling thread, outside the watch's lock, one report at a time.
 *
 * <pre>{@code
 * FileWatch watch = FileWatch.ofFile(conf.resolve("element.xml"), MAX_BYTES, content -> apply(content));
 * watch.known(file, contentInForce);        // what was read at start is no change
 * watch.start(Duration.ofSeconds(1), "gatehouse-element-config-watch");
 * ...
 * watch.close();
 * }</pre>
 */
public final class FileWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileWatch.class.getName());

    /** Told of each change a poll finds. */
    public interface Listener {
        /** {@code file} is new, or its content differs from what was seen or {@linkplain #known known} last. */
        void changed(Path file, byte[] content);

        /** {@code file}, present at the last poll, is gone; told once per removal. */
        default void removed(Path file) {
        }
    }

    /** For a single file that only needs its new content. */
    @FunctionalInterface
    public interface ContentListener {
        void changed(byte[] content);
    }

    private final Path file;
    private final Path folder;
    private final Predicate<Path> admits;
    private final int maxBytes;
    private final Listener listener;
    private final Map<Path, byte[]> digests = new HashMap<>();
    private final Set<Path> present = new HashSet<>();
    private ScheduledExecutorService timer;

    private FileWatch(Path file, Path folder, Predicate<Path> admits, int maxBytes, Listener listener) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        this.file = file;
        this.folder = folder;
        this.admits = admits;
        this.maxBytes = maxBytes;
        this.listener = Objects.requireNonNull(listener, "listener");
        compare(); // what is there now is the reference, not a change
    }

    /**
     * Watches one file. Content beyond {@code maxBytes} is not read: a file that long is handed
     * on cut at {@code maxBytes + 1} bytes, for the reader to refuse by its length.
     */
    public static FileWatch ofFile(Path file, int maxBytes, Listener listener) {
        return new FileWatch(file, null, null, maxBytes, listener);
    }

    /** Watches one file whose removal needs no action: what was read last stays in force. */
    public static FileWatch ofFile(Path file, int maxBytes, ContentListener listener) {
        Objects.requireNonNull(listener, "listener");
        return ofFile(file, maxBytes, (Path changed, byte[] content) -> listener.changed(content));
    }

    /** Watches the regular files of {@code folder} that {@code admits} accepts (by name, say). */
    public static FileWatch ofFolder(Path folder, Predicate<Path> admits, int maxBytes, Listener listener) {
        return new FileWatch(null, folder, Objects.requireNonNull(admits, "admits"), maxBytes, listener);
    }

    /**
     * Takes {@code content} as what {@code watched} holds now, so that a poll reports nothing for
     * it: for content the owner read or wrote itself.
     */
    public synchronized void known(Path watched, byte[] content) {
        digests.put(watched, digest(content));
        present.add(watched);
    }

    /**
     * Replaces {@code watched} with {@link AtomicFile#replace} and takes the new content as known,
     * in one step no poll comes between: the owner's own write is never reported as a change.
     */
    public synchronized void replace(Path watched, byte[] content) throws IOException {
        AtomicFile.replace(watched, content);
        known(watched, content);
    }

    /** Polls every {@code interval} on a daemon thread named {@code threadName}, until {@link #close}. */
    public synchronized FileWatch start(Duration interval, String threadName) {
        if (timer != null) {
            throw new IllegalStateException("already polling");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::pollQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Looks at the watched files now, on the caller's thread, and tells the listener what changed;
     * a listener's exception propagates.
     */
    public void poll() {
        changes().forEach(Runnable::run);
    }

    private synchronized List<Runnable> changes() {
        return compare();
    }

    private void pollQuietly() {
        for (Runnable report : changes()) {
            try {
                report.run();
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: log it, go on with the next report
                LOG.log(Level.ERROR, "handling a change of " + (file != null ? file : folder) + " failed", e);
            }
        }
    }

    private List<Runnable> compare() {
        Set<Path> unreadable = new HashSet<>();
        Map<Path, byte[]> now = read(unreadable);
        List<Runnable> reports = new ArrayList<>();
        Set<Path> all = new TreeSet<>(present);
        all.addAll(now.keySet());
        for (Path watched : all) {
            byte[] content = now.get(watched);
            if (content != null) {
                byte[] digest = digest(content);
                present.add(watched);
                if (!Arrays.equals(digest, digests.put(watched, digest))) {
                    reports.add(() -> listener.changed(watched, content));
                }
            } else if (!unreadable.contains(watched) && present.remove(watched)) {
                if (folder != null) {
                    digests.remove(watched);
                }
                reports.add(() -> listener.removed(watched));
            }
        }
        return reports;
    }

    /** The content of each watched file there is now; one that exists but cannot be read is left for the next poll. */
    private Map<Path, byte[]> read(Set<Path> unreadable) {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        for (Path candidate : candidates()) {
            try (InputStream in = Files.newInputStream(candidate)) {
                contents.put(candidate, in.readNBytes(maxBytes + 1));
            } catch (NoSuchFileException e) {
                // absent: a removal, or the moment of a replacement
            } catch (IOException e) {
                unreadable.add(candidate);
            }
        }
        return contents;
    }

    private List<Path> candidates() {
        if (file != null) {
            return Files.isDirectory(file) ? List.of() : List.of(file);
        }
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.filter(admits).filter(p -> !Files.isDirectory(p)).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // the folder cannot be listed now: nothing is taken as removed
            return List.copyOf(present);
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stops polling; a poll under way finishes. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
