package org.gatehouse.platform.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A folder only the element's own account may change (docs/architecture.md "Files on disk"): the
 * data folder and the folders of the trusted path in it ({@code run/}, {@code confirm/}, {@code
 * commands/}). Whoever else owns such a folder, or may write in it, can replace what the element
 * keeps there, the confirmation socket among it. A folder that does not exist is made, mode 0700; one
 * that exists must be owned by the element's uid and writable by neither group nor others, else
 * it is refused with a message naming the folder, its owner and mode, and the uid expected.
 *
 * <pre>{@code
 * long uid = PrivateFolder.processUid();
 * PrivateFolder.require(dataDir, uid, "data folder", true);             // may be reached through a symbolic link
 * PrivateFolder.require(dataDir.resolve("run"), uid, "folder", false);  // must be a folder itself
 * }</pre>
 */
public final class PrivateFolder {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    private PrivateFolder() {
    }

    /**
     * Makes {@code folder} (mode 0700) when it is missing, its parents as needed; then checks it:
     * a folder, owned by {@code uid}, not writable by group or others. With {@code followLink}
     * false a symbolic link is refused rather than followed.
     *
     * @param what how messages name the folder, such as {@code data folder}
     * @throws IOException naming the folder, what is wrong and what to do
     */
    public static Path require(Path folder, long uid, String what, boolean followLink) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = folder.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: checked below like any other
            }
        }
        check(folder, uid, what, followLink);
        return folder;
    }

    /** Checks {@code folder} as {@link #require} does, making nothing. */
    public static void check(Path folder, long uid, String what, boolean followLink) throws IOException {
        LinkOption[] options = followLink ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        if (!followLink && Files.isSymbolicLink(folder)) {
            throw new IOException(what + " " + folder + " is a symbolic link; it must be a folder of its own: remove the link");
        }
        if (!Files.isDirectory(folder, options)) {
            throw new IOException(what + " " + folder + " is not a folder");
        }
        long owner = Integer.toUnsignedLong((Integer) Files.getAttribute(folder, "unix:uid", options));
        int mode = (Integer) Files.getAttribute(folder, "unix:mode", options);
        if (owner != uid) {
            throw new IOException(what + " " + folder + " is owned by uid " + owner + ", not by uid " + uid + " that the element runs as:"
                    + " whoever owns it can replace what the element keeps there. chown " + uid + " " + folder
                    + ", or run the element as uid " + owner);
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new IOException(what + " " + folder + " is writable by group or others (mode " + String.format("%04o", mode & 07777)
                    + "), who could replace what the element keeps there: chmod go-w " + folder);
        }
    }

    /**
     * The effective uid of this process (the owner of the files it makes), from {@code
     * /proc/self/status}.
     *
     * @throws IOException when it cannot be read (no {@code /proc}: not Linux)
     */
    public static long processUid() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
        for (String line : lines) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                if (ids.length >= 2) {
                    return Long.parseLong(ids[1]);
                }
            }
        }
        throw new IOException("/proc/self/status has no Uid line: this process's uid cannot be read");
    }
}
