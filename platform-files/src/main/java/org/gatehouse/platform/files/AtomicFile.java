package org.gatehouse.platform.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash at any moment leaves the old content or the new, never a mix
 * (docs/architecture.md "Files on disk"): the content is written to a temporary file in the
 * target's folder, forced to disk, moved over the target in one atomic step, and the folder is
 * forced so that the rename itself survives a power loss. Every failure propagates as an
 * {@link IOException} naming the target; the target is then unchanged and no temporary file is
 * left behind.
 *
 * <pre>{@code
 * AtomicFile.replace(conf.resolve("flows.xml"), document);
 * boolean whole = AtomicFile.replace(store.resolve("bundle.jar"), out -> copyAtMost(upload, out, limit));
 * }</pre>
 */
public final class AtomicFile {
    /** Temporary files end with this, so a start-up sweep can find what a crash left. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    /** Writes the new content of a file being replaced. */
    @FunctionalInterface
    public interface ContentWriter {
        /**
         * @return false to give up: the target stays as it was
         */
        boolean write(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Replaces {@code target} with {@code content}, creating its folder when needed. */
    public static void replace(Path target, byte[] content) throws IOException {
        replace(target, out -> {
            out.write(content);
            return true;
        });
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, creating its folder when needed.
     *
     * @return false, with the target unchanged, when the writer gave up
     */
    public static boolean replace(Path target, ContentWriter writer) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", TEMPORARY_SUFFIX);
            if (!writeDurably(temporary, writer)) {
                return false;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            forceFolder(folder);
            return true;
        } catch (IOException e) {
            throw new IOException("cannot replace " + target + ": " + e, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Forces a folder to disk, so that a rename, creation or deletion in it survives a power loss.
     * Linux lets a folder be opened for reading and forced; where that is refused, the error
     * propagates rather than leaving a step silently less durable than it claims.
     */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static boolean writeDurably(Path temporary, ContentWriter writer) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            if (!writer.write(out)) {
                return false;
            }
            out.flush();
            channel.force(true);
            return true;
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // the failure being reported matters more; a start-up sweep finds the leftover by its suffix
        }
    }
}
