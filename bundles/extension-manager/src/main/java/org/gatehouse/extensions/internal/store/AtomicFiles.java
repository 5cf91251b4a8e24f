package org.gatehouse.extensions.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable file steps of the store: a file is written under a temporary name in its folder, forced
 * to disk, renamed over its target in one atomic step, and the folder is forced so that the rename
 * itself survives a power loss. A reader therefore sees the old file or the new one, never a torn one.
 */
final class AtomicFiles {
    /** Temporary files end with this; start-up deletes every one it finds. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    static void write(Path target, byte[] content) throws IOException {
        Path temporary = temporaryBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceFolder(target.getParent());
    }

    /**
     * Copies at most {@code maxBytes} from {@code in} to {@code target} durably.
     *
     * @return false, leaving nothing behind, when the stream holds more than {@code maxBytes}
     */
    static boolean copy(InputStream in, Path target, long maxBytes) throws IOException {
        Path temporary = temporaryBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                    if (total > maxBytes) {
                        return false;
                    }
                    out.write(buffer, 0, n);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceFolder(target.getParent());
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Renames a file that is already on disk, in one atomic step, and forces both folders. */
    static void move(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(target.getParent());
        forceFolder(source.getParent());
    }

    static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceFolder(file.getParent());
        }
    }

    static void forceFolder(Path folder) throws IOException {
        // Linux lets a folder be opened for reading and forced: that makes a rename or a delete in it durable.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Path temporaryBeside(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), "." + target.getFileName(), TEMPORARY_SUFFIX);
    }
}
