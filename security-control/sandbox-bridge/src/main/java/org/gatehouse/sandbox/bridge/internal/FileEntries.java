package org.gatehouse.sandbox.bridge.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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

    /**
     * {@code copy(source, target, options)}: reads the source, writes the target. Copying a
     * symbolic link without following it makes a new link, which needs what making one needs
     * ({@link #symbolicLink}). Returns the copy of the options the check read; the instrumented
     * method continues with that copy, so no other thread can add {@code NOFOLLOW_LINKS} after it.
     */
    public static Object copy(Object source, Object target, Object options) {
        Object decided = options instanceof Object[] array ? Arrays.copyOf(array, array.length, array.getClass()) : options;
        file("read", source);
        file("write", target);
        if (decided instanceof Object[] array && Arrays.asList(array).contains(LinkOption.NOFOLLOW_LINKS)) {
            placingExistingLink(source);
        }
        return decided;
    }

    /**
     * {@code move(source, target)}, {@code File.renameTo}: the source goes away, the target is
     * written. A move never follows a link: moving one places it elsewhere, as making it would.
     */
    public static void move(Object source, Object target) {
        file("read,delete", source);
        file("write", target);
        placingExistingLink(source);
    }

    /**
     * {@code createLink(link, existing)}: a hard link gives the same access as the existing file.
     * Linux hard-links a symbolic link itself, not its target: that places a link.
     */
    public static void hardLink(Object link, Object existing) {
        file("write", link);
        file("read,write", existing);
        placingExistingLink(existing);
    }

    /** {@code isSameFile(a, b)}: reads both. */
    public static void sameFile(Object first, Object second) {
        file("read", first);
        file("read", second);
    }

    /**
     * {@code createSymbolicLink(link, target)}: needs {@code runtime createSymbolicLink}, writes the
     * link and needs read and write on the target (resolved against the link's folder), or a link
     * would turn a granted folder into a door to any file. The runtime permission is asked first
     * because no path check can hold once code places links where it writes: a link deeper than
     * its target plus {@code ..} names climbs above every folder it was granted, and between a
     * check and the open the link can be swapped (docs/sandbox.md "Paths and links").
     */
    public static void symbolicLink(Object link, Object target) {
        runtime("createSymbolicLink");
        file("write", link);
        if (link instanceof Path linkPath && target instanceof Path targetPath && JdkCode.isJdkObject(targetPath)) {
            Path folder = linkPath.toAbsolutePath().getParent();
            file("read,write", folder != null ? folder.resolve(targetPath) : targetPath);
        } else {
            file("read,write", target);
        }
    }

    /**
     * An operation of a {@code SecureDirectoryStream} relative to its open directory (docs/sandbox.md
     * "Paths and links"): {@code runtime secureDirectoryStream}, whatever the name. The kernel
     * resolves the name from the directory's descriptor, so no path here says what it reaches.
     */
    public static void relativeToOpenDirectory() {
        runtime("secureDirectoryStream");
    }

    /** {@code runtime <name>} for the code on the stack. */
    private static void runtime(String name) {
        if (Enforcement.enter()) {
            try {
                Enforcement.decide(Enforcement.context(), "runtime", name, "");
            } finally {
                Enforcement.exit();
            }
        }
    }

    /**
     * {@code runtime createSymbolicLink} when {@code source} is a symbolic link that the operation
     * puts somewhere new. Called after the file checks, which refuse an argument that is not the
     * JDK's own; the link is looked at (lstat) inside the guard.
     */
    private static void placingExistingLink(Object source) {
        if (source != null && Enforcement.enter()) {
            boolean link;
            try {
                link = isSymbolicLink(source);
            } finally {
                Enforcement.exit();
            }
            if (link) {
                runtime("createSymbolicLink");
            }
        }
    }

    private static boolean isSymbolicLink(Object source) {
        try {
            Path path = source instanceof Path given ? given : source instanceof File file ? file.toPath() : Path.of(source.toString());
            return Files.isSymbolicLink(path);
        } catch (RuntimeException e) {
            // a path the file system cannot name is no link; the operation itself fails on it
            return false;
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
