package org.gatehouse.sandbox.bridge.internal;

import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Entry checks for file access (SPEC 11 "file access through every API family"), called by the
 * instrumented java.io classes and the default NIO file system provider. The arguments are the
 * instrumented method's own: a File, Path or String, typed Object so that one hook fits all.
 */
public final class FileEntries {
    private FileEntries() {
    }

    /** {@code file <path> <actions>} for one target, e.g. {@code read} for File.exists. */
    public static void file(String actions, Object target) {
        if (target != null && Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.caller(), "file", PermissionNames.path(target), actions);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** Two targets: {@code first} with {@code actions}, {@code second} with {@code secondActions} (rename, copy, link). */
    public static void files(String actions, Object first, String secondActions, Object second) {
        file(actions, first);
        file(secondActions, second);
    }

    /** {@code RandomAccessFile(File, String mode, boolean)}: "r" reads, any other mode also writes. */
    public static void randomAccess(Object file, Object mode) {
        file("r".equals(mode) ? "read" : "read,write", file);
    }

    /** {@code File.createTempFile(prefix, suffix, dir)}: writes into {@code dir}, or the temp folder. */
    public static void tempFile(Object directory) {
        file("write", directory != null ? directory : System.getProperty("java.io.tmpdir"));
    }

    /** {@code newByteChannel}/{@code newFileChannel}/{@code newAsynchronousFileChannel}: actions from the open options. */
    public static void channel(Object path, Object options) {
        file(channelActions(options), path);
    }

    static String channelActions(Object options) {
        if (!(options instanceof Set<?> set)) {
            return "read";
        }
        boolean write = set.contains(StandardOpenOption.WRITE) || set.contains(StandardOpenOption.APPEND)
                || set.contains(StandardOpenOption.CREATE) || set.contains(StandardOpenOption.CREATE_NEW)
                || set.contains(StandardOpenOption.TRUNCATE_EXISTING);
        boolean read = set.contains(StandardOpenOption.READ) || !write;
        String actions = read && write ? "read,write" : write ? "write" : "read";
        return set.contains(StandardOpenOption.DELETE_ON_CLOSE) ? actions + ",delete" : actions;
    }
}
