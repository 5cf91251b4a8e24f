package org.gatehouse.management.confirm;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the peer of a confirmation connection is this very process: an extension running in the
 * element shares its uid, so peer credentials cannot tell it from a person at the console, but it
 * shares its process too, and a person's command line never does (docs/management.md "The local
 * path"). The JDK reads no peer pid ({@code SO_PEERCRED} gives it only the uid and gid), so the
 * peer is found by its end of the connection: a client binds its end to a path, the kernel gives
 * that path as the peer's address, and the sockets bound to that path are listed in {@code
 * /proc/self/net/unix} with their inodes. When one of them is open in this process ({@code
 * /proc/self/fd}), the peer is this process ({@code ProcessHandle.current().pid()}).
 *
 * <p>Refused, since who it is cannot be told: an end bound to no path, or to a path of other than
 * printable ASCII characters, or to a path no socket of this network namespace has (the peer went
 * away, or is in another namespace); and {@code /proc} not readable.
 */
final class PeerProcess {
    /** Printable ASCII, as {@code /proc/net/unix} shows it byte for byte; at most a socket path's 107 bytes. */
    private static final Pattern BOUND_PATH = Pattern.compile("[\\x20-\\x7E]{1,107}");
    /** {@code Num: RefCount Protocol Flags Type St Inode Path}, the path after one space, as the kernel writes the line. */
    private static final Pattern LINE = Pattern.compile("^\\s*[0-9A-Fa-f]+: \\S+ \\S+ \\S+ \\S+ \\S+ +([0-9]+)(?: (.*))?$");
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[([0-9]+)\\]");

    private final Path proc;

    PeerProcess(Path proc) {
        this.proc = proc;
    }

    /** This process's own {@code /proc/self}. */
    static PeerProcess ofThisProcess() {
        return new PeerProcess(Path.of("/proc/self"));
    }

    /** Why the peer of {@code connection} is refused, or empty when it is another process. */
    Optional<Refusal> check(SocketChannel connection) {
        String bound;
        try {
            SocketAddress remote = connection.getRemoteAddress();
            bound = remote instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : "";
        } catch (IOException e) {
            return Optional.of(new Refusal("unknown_process", "the peer's address cannot be read (" + e.getMessage() + "): which process it "
                    + "is cannot be told"));
        }
        if (bound.isEmpty()) {
            return Optional.of(new Refusal("unbound_peer", "the peer's end of the connection is bound to no path, so which process it is "
                    + "cannot be told: the command line binds its end; connect with it"));
        }
        if (!BOUND_PATH.matcher(bound).matches()) {
            return Optional.of(new Refusal("unbound_peer", "the peer's end is bound to a path of other than printable ASCII characters, "
                    + "so which process it is cannot be told"));
        }
        try {
            Set<Long> atPath = socketsBoundTo(bound);
            if (atPath.isEmpty()) {
                return Optional.of(new Refusal("unknown_process", "no socket bound to the peer's path [" + bound + "] is listed in this "
                        + "network namespace: which process it is cannot be told"));
            }
            atPath.retainAll(openHere());
            if (!atPath.isEmpty()) {
                return Optional.of(new Refusal("own_process", "the peer is the element's own process (pid " + ProcessHandle.current().pid()
                        + "): code running in the element, an extension among it, is never a confirmation client"));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Refusal("unknown_process", "which process the peer is cannot be told: " + e));
        }
    }

    /** Inodes of the sockets bound to {@code path}, from {@code net/unix}. */
    private Set<Long> socketsBoundTo(String path) throws IOException {
        Set<Long> inodes = new HashSet<>();
        // ISO-8859-1: one character a byte, so a path compares byte for byte and nothing is lost to decoding
        String table = new String(Files.readAllBytes(proc.resolve("net").resolve("unix")), StandardCharsets.ISO_8859_1);
        for (String line : table.split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && path.equals(m.group(2))) {
                inodes.add(Long.parseLong(m.group(1)));
            }
        }
        return inodes;
    }

    /** Inodes of the sockets open in this process, from {@code fd}. */
    private Set<Long> openHere() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(Long.parseLong(m.group(1)));
                    }
                } catch (NoSuchFileException closed) {
                    // closed while the folder was read: not this peer's, which stays open while it waits
                }
            }
        }
        return inodes;
    }

    /** A refusal's code for the peer and message. */
    record Refusal(String code, String message) {
    }
}
