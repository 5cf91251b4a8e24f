package org.gatehouse.runtime.cli;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Whether what listens at the confirmation socket is the element (docs/management.md "Command
 * line"): checked on the connected socket before anything is sent to it, since a person's new
 * phrase and their yes go there. The element is the account that owns its data folder (the
 * socket's folder's folder), so:
 *
 * <ul>
 *   <li>the data folder is writable by neither group nor others, and each folder above it is owned
 *       by root, by that account or by the account running this command, and is not writable by
 *       others (unless sticky, as {@code /tmp}): nobody else could have put another data folder there;</li>
 *   <li>the socket's folder is a folder (not a link) of that account, writable by neither group nor
 *       others, and the socket a socket (not a link) of that account, writable by neither;</li>
 *   <li>the process listening, as the kernel recorded it when it accepted ({@code SO_PEERCRED}), runs
 *       as that account.</li>
 * </ul>
 */
final class ElementSocket {
    private static final int TYPE_BITS = 0170000;
    private static final int SOCKET_TYPE = 0140000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private ElementSocket() {
    }

    /** Refuses, naming what is wrong, when the peer of {@code channel}, connected to {@code socket}, is not the element. */
    static void check(Path socket, SocketChannel channel) throws CliFailure {
        Path file = socket.toAbsolutePath();
        Path folder = file.getParent();
        Path data = folder == null ? null : folder.getParent();
        if (data == null) {
            throw refused(file, "it is not in a folder of a data folder");
        }
        try {
            long element = uid(data, true);
            int dataMode = mode(data, true);
            if ((dataMode & GROUP_OR_OTHERS_WRITE) != 0) {
                throw refused(file, "its data folder " + data + " is writable by group or others (mode " + octal(dataMode) + ")");
            }
            checkAbove(file, data.toRealPath(), element);
            if (Files.isSymbolicLink(folder) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(file, "its folder " + folder + " is not a folder of its own (a link, or not a folder)");
            }
            ownedAndClosed(file, folder, "its folder", element);
            if (Files.isSymbolicLink(file) || (mode(file, false) & TYPE_BITS) != SOCKET_TYPE) {
                throw refused(file, "it is not a socket (a link, or another kind of file)");
            }
            ownedAndClosed(file, file, "the socket", element);
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            UserPrincipal owner = Files.getOwner(data);
            if (!peer.user().equals(owner)) {
                throw refused(file, "the process listening runs as " + peer.user().getName() + ", not as " + owner.getName()
                        + " (uid " + element + "), which owns the data folder " + data);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw refused(file, "it cannot be checked: " + e.getMessage());
        }
    }

    /** Each folder above the data folder: owned by root, the element or this command's account; not writable by others unless sticky. */
    private static void checkAbove(Path file, Path data, long element) throws IOException, CliFailure {
        long self = processUid();
        for (Path above = data.getParent(); above != null; above = above.getParent()) {
            long owner = uid(above, true);
            int mode = mode(above, true);
            if (owner != 0 && owner != element && owner != self) {
                throw refused(file, "the folder " + above + " above its data folder is owned by uid " + owner
                        + ", who could put another data folder in its place");
            }
            if ((mode & OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
                throw refused(file, "the folder " + above + " above its data folder is writable by others (mode " + octal(mode) + ")");
            }
        }
    }

    private static void ownedAndClosed(Path file, Path path, String what, long element) throws IOException, CliFailure {
        long owner = uid(path, false);
        if (owner != element) {
            throw refused(file, what + " " + path + " is owned by uid " + owner + ", not by uid " + element + ", which owns the data folder");
        }
        int mode = mode(path, false);
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            throw refused(file, what + " " + path + " is writable by group or others (mode " + octal(mode) + ")");
        }
    }

    /** The effective uid of this process, from {@code /proc/self/status}; -1 when it cannot be read. */
    static long processUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return Long.parseLong(ids[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // only widens what is accepted above the data folder
        }
        return -1;
    }

    private static long uid(Path path, boolean follow) throws IOException {
        return Integer.toUnsignedLong((Integer) Files.getAttribute(path, "unix:uid", options(follow)));
    }

    private static int mode(Path path, boolean follow) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", options(follow));
    }

    private static LinkOption[] options(boolean follow) {
        return follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private static CliFailure refused(Path socket, String why) {
        return new CliFailure(CliFailure.REFUSED, "the confirmation socket " + socket + " is not the element's: " + why
                + "; nothing was sent to it");
    }
}
