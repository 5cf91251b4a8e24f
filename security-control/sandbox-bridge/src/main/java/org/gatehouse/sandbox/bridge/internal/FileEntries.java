package org.gatehouse.sandbox.bridge.internal;

import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Entry checks for file access (docs/threat-model.md "Escape routes": file access through every API family), called by the
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
                StackContext caller = Enforcement.context();
                if (!JdkCode.isJdkObject(target)) {
                    Enforcement.denyUntrustedArgument(caller, "file", target, actions);
                }
                Enforcement.decide(caller, "file", PermissionNames.path(target), actions);
            } finally {
                Enforcement.exit();
            }
        }
    }

    /** {@code copy(source, target)}: reads the source, writes the target. */
    public static void copy(Object source, Object target) {
        file("read", source);
        file("write", target);
    }

    /** {@code move(source, target)}, {@code File.renameTo}: the source goes away, the target is written. */
    public static void move(Object source, Object target) {
        file("read,delete", source);
        file("write", target);
    }

    /** {@code createLink(link, existing)}: a hard link gives the same access as the existing file. */
    public static void hardLink(Object link, Object existing) {
        file("write", link);
        file("read,write", existing);
    }

    /** {@code isSameFile(a, b)}: reads both. */
    public static void sameFile(Object first, Object second) {
        file("read", first);
        file("read", second);
    }

    /**
     * {@code createSymbolicLink(link, target)}: writes the link and needs read and write on the
     * target (resolved against the link's folder), or a link would turn a granted folder into a
     * door to any file.
     */
    public static void symbolicLink(Object link, Object target) {
        file("write", link);
        if (link instanceof Path linkPath && target instanceof Path targetPath && JdkCode.isJdkObject(targetPath)) {
            Path folder = linkPath.toAbsolutePath().getParent();
            file("read,write", folder != null ? folder.resolve(targetPath) : targetPath);
        } else {
            file("read,write", target);
        }
    }

    /** {@code RandomAccessFile(File, String mode, boolean)}: "r" reads, any other mode also writes. */
    public static void randomAccess(Object file, Object mode) {
        file("r".equals(mode) ? "read" : "read,write", file);
    }

    /** {@code File.createTempFile(prefix, suffix, dir)}: writes into {@code dir}, or the temp folder. */
    public static void tempFile(Object directory) {
        file("write", directory != null ? directory : System.getProperty("java.io.tmpdir"));
    }

    /**
     * {@code newByteChannel}/{@code newFileChannel}/{@code newAsynchronousFileChannel}: actions
     * from the open options. Returns the immutable copy of the options the actions were read
     * from; the instrumented method continues with that copy, so a set another thread changes
     * after the check cannot widen the access. The copy is made outside the guard: an
     * extension's own Set or OpenOption code runs checked, as its own.
     */
    public static Object channel(Object path, Object options) {
        Object decided = options instanceof Set<?> set ? Set.copyOf(set) : options;
        file(channelActions(decided), path);
        return decided;
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
