package org.gatehouse.extension.manager.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.gatehouse.platform.files.AtomicFile;

/**
 * The store's durable steps besides replacing a file (which is {@link AtomicFile}'s): a bounded
 * copy of an upload, a rename of a file already on disk, a deletion. Each forces the folders it
 * changed, so that a crash leaves the store as it was before the step or after it.
 */
final class StoreFiles {
    private StoreFiles() {
    }

    /**
     * Copies at most {@code maxBytes} from {@code in} to {@code target} durably.
     *
     * @return false, leaving nothing behind, when the stream holds more than {@code maxBytes}
     */
    static boolean copy(InputStream in, Path target, long maxBytes) throws IOException {
        return AtomicFile.replace(target, out -> {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    return false;
                }
                out.write(buffer, 0, n);
            }
            return true;
        });
    }

    /** Renames a file that is already on disk, in one atomic step, and forces both folders. */
    static void move(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFile.forceFolder(target.getParent());
        AtomicFile.forceFolder(source.getParent());
    }

    static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            AtomicFile.forceFolder(file.getParent());
        }
    }
}
