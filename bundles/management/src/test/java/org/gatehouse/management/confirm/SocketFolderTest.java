package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.gatehouse.management.auth.ManagementUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket's folder and file before bind: what is replaced (a socket nobody listens on), and
 * what is refused and left as found (a link, a file, a live socket, a folder of another uid or
 * open to others, a data folder anyone can write).
 */
class SocketFolderTest {
    @TempDir
    Path data;
    private Path run;
    private Path socketFile;
    private final FakeDesk desk = new FakeDesk();
    private long uid;

    @BeforeEach
    void folders() throws Exception {
        run = data.resolve("run");
        socketFile = run.resolve("confirm.sock");
        uid = PeerCredentials.processUid(data);
    }

    private LocalConfirmationSocket open() throws IOException {
        return LocalConfirmationSocket.open(socketFile, desk, Set.of(uid), () -> new ManagementUsers(List.of()),
                LocalConfirmationSocket.Limits.DEFAULT, LocalConfirmationSocket.Peers.ANY_PROCESS_FOR_TESTS, LocalConfirmationSocket.RefusalAudit.NONE);
    }

    private String refusal() {
        return assertThrows(IOException.class, this::open).getMessage();
    }

    private void ownerOnlyRun() throws IOException {
        Files.createDirectory(run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void aMissingFolderIsMadeOwnerOnly() throws Exception {
        try (LocalConfirmationSocket socket = open()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run, LinkOption.NOFOLLOW_LINKS)));
            assertTrue(Files.exists(socket.path()));
        }
    }

    @Test
    void aStaleSocketFromACrashIsReplaced() throws Exception {
        ownerOnlyRun();
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socketFile));
        }
        // closing a channel leaves its file behind, as a crash does
        assertTrue(Files.exists(socketFile, LinkOption.NOFOLLOW_LINKS));
        try (LocalConfirmationSocket socket = open(); SocketPeer peer = new SocketPeer(socket.path())) {
            assertEquals("no_user", peer.next().path("error").path("code").asText());
        }
    }

    @Test
    void aSocketSomeoneListensOnIsNotTakenOver() throws Exception {
        ownerOnlyRun();
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socketFile));
            assertEquals("local confirmation socket: " + socketFile + " is a socket another process listens on; is the element already running?",
                    refusal());
            assertTrue(Files.exists(socketFile, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aSymbolicLinkInThePlaceOfTheSocketIsNeitherFollowedNorReplaced() throws Exception {
        ownerOnlyRun();
        Path target = Files.writeString(data.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(socketFile, target);
        assertEquals("local confirmation socket: " + socketFile + " is a symbolic link; it is neither followed nor replaced: remove it",
                refusal());
        assertEquals(target, Files.readSymbolicLink(socketFile));
        assertEquals("keep me", Files.readString(target));
        // a dangling one too
        Files.delete(socketFile);
        Files.createSymbolicLink(socketFile, data.resolve("not-there.sock"));
        assertTrue(refusal().endsWith("is a symbolic link; it is neither followed nor replaced: remove it"));
        assertTrue(Files.isSymbolicLink(socketFile));
    }

    @Test
    void aFileInThePlaceOfTheSocketIsNotReplaced() throws Exception {
        ownerOnlyRun();
        Files.writeString(socketFile, "data");
        assertEquals("local confirmation socket: " + socketFile + " is not a socket (a regular file); it is not replaced: remove it if it is "
                + "not needed", refusal());
        assertEquals("data", Files.readString(socketFile));
    }

    @Test
    void aFolderOpenToOthersIsRefused() throws Exception {
        Files.createDirectory(run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("local confirmation socket: " + run + " is open to group or others (mode 0755); it must be 0700: chmod 700 " + run,
                refusal());
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx-----x"));
        assertTrue(refusal().endsWith("(mode 0701); it must be 0700: chmod 700 " + run));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        open().close();
    }

    @Test
    void aFolderThatIsALinkIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(data.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(run, elsewhere);
        assertEquals("local confirmation socket: " + run + " is a symbolic link; the socket's folder must be a folder of its own", refusal());
        assertEquals(List.of(), List.of(elsewhere.toFile().list()));
    }

    @Test
    void aFolderOfAnotherUidIsRefused() throws Exception {
        assumeTrue(uid == 0, "chown needs root");
        ownerOnlyRun();
        Files.setAttribute(run, "unix:uid", 65534);
        assertEquals("local confirmation socket: " + run + " is owned by uid 65534, not by the element's uid 0: chown it or remove it",
                refusal());
    }

    @Test
    void aDataFolderAnyoneCanWriteIsRefusedUnlessSticky() throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals("local confirmation socket: " + data + " is writable by others (mode 0777), who could swap the socket's folder: "
                + "chmod o-w " + data, refusal());
        Files.setAttribute(data, "unix:mode", 01777);
        open().close();
    }
}
