package org.gatehouse.management.confirm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The folder of the local confirmation socket and the socket file in it, made safe before the
 * socket is bound and checked again after (docs/management.md "Confirmation"). The folder is the
 * element's own, mode 0700: no other account can reach the socket, replace it, or put a link in
 * its place. The folder it sits in (the data folder) must not be writable by others, who could
 * otherwise swap the socket's folder for their own.
 *
 * <p>What is refused, with a message naming the path: a socket folder that is a symbolic link, not
 * a folder, owned by another uid, or open to group or others; a socket path that is a symbolic
 * link or anything but a socket (never followed, never removed); a socket on which another
 * process still listens. A socket file left by a crash (nobody listens) is removed.
 */
final class SocketFolder {
    /** File type bits of {@code unix:mode} ({@code S_IFMT}) and the socket type ({@code S_IFSOCK}). */
    private static final int TYPE_BITS = 0170000;
    private static final int SOCKET_TYPE = 0140000;
    private static final int GROUP_OR_OTHERS = 0077;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private SocketFolder() {
    }

    /** Makes {@code socketFile}'s folder (0700, this uid's) and clears a stale socket; throws with the reason otherwise. */
    static void prepare(Path socketFile, long ownUid) throws IOException {
        Path folder = socketFile.getParent();
        Path data = folder.getParent();
        if (data != null) {
            Files.createDirectories(data);
            int mode = mode(data);
            if ((mode & OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
                throw refused(data, "is writable by others (mode " + octal(mode) + "), who could swap the socket's folder: "
                        + "chmod o-w " + data);
            }
        }
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            // checked below like one made by hand
        }
        checkFolder(folder, ownUid);
        clearStaleSocket(socketFile, ownUid);
    }

    /** The folder is a real folder of this uid, mode 0700 or narrower. */
    static void checkFolder(Path folder, long ownUid) throws IOException {
        if (Files.isSymbolicLink(folder)) {
            throw refused(folder, "is a symbolic link; the socket's folder must be a folder of its own");
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(folder, "is not a folder");
        }
        long owner = uid(folder);
        if (owner != ownUid) {
            throw refused(folder, "is owned by uid " + owner + ", not by the element's uid " + ownUid + ": chown it or remove it");
        }
        int mode = mode(folder);
        if ((mode & GROUP_OR_OTHERS) != 0) {
            throw refused(folder, "is open to group or others (mode " + octal(mode) + "); it must be 0700: chmod 700 " + folder);
        }
    }

    private static void clearStaleSocket(Path socketFile, long ownUid) throws IOException {
        int mode;
        try {
            mode = mode(socketFile);
        } catch (NoSuchFileException absent) {
            return;
        }
        checkSocket(socketFile, mode, ownUid);
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socketFile));
            throw refused(socketFile, "is a socket another process listens on; is the element already running?");
        } catch (ConnectException stale) {
            // nobody listens: left by a process that ended without removing it
            Files.delete(socketFile);
        }
    }

    /** The path is a socket of this uid, not a link and not anything else. */
    private static void checkSocket(Path socketFile, int mode, long ownUid) throws IOException {
        if (Files.isSymbolicLink(socketFile)) {
            throw refused(socketFile, "is a symbolic link; it is neither followed nor replaced: remove it");
        }
        if ((mode & TYPE_BITS) != SOCKET_TYPE) {
            throw refused(socketFile, "is not a socket (" + type(socketFile) + "); it is not replaced: remove it if it is not needed");
        }
        long owner = uid(socketFile);
        if (owner != ownUid) {
            throw refused(socketFile, "is a socket owned by uid " + owner + ", not by the element's uid " + ownUid + "; it is not replaced");
        }
    }

    /** After bind: the socket is 0600, and the folder and the file are still what was checked. */
    static void secureBound(Path socketFile, long ownUid) throws IOException {
        checkFolder(socketFile.getParent(), ownUid);
        checkSocket(socketFile, mode(socketFile), ownUid);
        Files.setPosixFilePermissions(socketFile, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    /** Removes the socket file when it is still a socket (never what replaced it). */
    static void remove(Path socketFile) throws IOException {
        try {
            if (!Files.isSymbolicLink(socketFile) && (mode(socketFile) & TYPE_BITS) == SOCKET_TYPE) {
                Files.delete(socketFile);
            }
        } catch (NoSuchFileException gone) {
            // already removed
        }
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static long uid(Path path) throws IOException {
        return Integer.toUnsignedLong((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    private static String type(Path path) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return "a regular file";
        }
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "a device, pipe or other special file";
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private static IOException refused(Path path, String why) {
        return new IOException("local confirmation socket: " + path + " " + why);
    }
}
