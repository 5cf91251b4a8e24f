package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the peer's numeric uid is read: the JDK's principal, checked against the uid the kernel
 * gives for a file ({@code unix:uid}) for an account with a name, for a uid with no account (its
 * name is then the number), and for this process over a real socket pair.
 */
class PeerCredentialsTest {
    @TempDir
    Path folder;

    private static long fileUid(Path file) throws IOException {
        return Integer.toUnsignedLong((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theUidOfThisProcessIsTheOwnerOfTheFilesItMakes() throws Exception {
        Path file = Files.createFile(folder.resolve("mine"));
        assertEquals(fileUid(file), PeerCredentials.processUid(folder));
        assertEquals(fileUid(file), PeerCredentials.of(Files.getOwner(file)).uid());
        // the probe file is gone
        try (var files = Files.list(folder)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void theUidIsReadFromThePrincipalNotParsedFromItsName() throws Exception {
        assumeTrue(fileUid(folder) == 0, "chown needs root");
        Path nobody = Files.createFile(folder.resolve("nobody"));
        Path unnamed = Files.createFile(folder.resolve("unnamed"));
        Files.setAttribute(nobody, "unix:uid", 65534);
        Files.setAttribute(unnamed, "unix:uid", 54321);

        UserPrincipal named = Files.getOwner(nobody);
        assertFalse(named.getName().matches("[0-9]+"), "uid 65534 has an account name here: " + named.getName());
        assertEquals(65534, PeerCredentials.of(named).uid());
        assertEquals(new PeerCredentials(54321, "54321"), PeerCredentials.of(Files.getOwner(unnamed)));
        assertEquals("uid 54321", PeerCredentials.of(Files.getOwner(unnamed)).toString());
        assertEquals("uid 65534 (" + named.getName() + ")", PeerCredentials.of(named).toString());
    }

    @Test
    void anAccountNameIsLookedUpToItsUid() throws Exception {
        Path file = Files.createFile(folder.resolve("mine"));
        PeerCredentials me = PeerCredentials.of(Files.getOwner(file));
        assertTrue(me.isAccount(me.accountName(), PeerCredentials.lookup()));
        assertFalse(me.isAccount("no-such-account-here", PeerCredentials.lookup()));
        assertFalse(new PeerCredentials(me.uid() + 1, "someone").isAccount(me.accountName(), PeerCredentials.lookup()));
    }

    @Test
    void aPrincipalThatIsNotTheJdksIsRefused() {
        UserPrincipal forged = () -> "root";
        IOException refused = assertThrows(IOException.class, () -> PeerCredentials.of(forged));
        assertTrue(refused.getMessage().contains("its uid cannot be read"), refused.getMessage());
    }

    @Test
    void aJdkWhosePrincipalsDoNotCarryTheUidIsRefusedAtStart() throws Exception {
        Path file = Files.createFile(folder.resolve("mine"));
        IOException refused = assertThrows(IOException.class, () -> PeerCredentials.checkJdk(Files.getOwner(file), fileUid(file) + 1));
        assertTrue(refused.getMessage().contains("peer credentials cannot be checked"), refused.getMessage());
    }

    @Test
    void aRealPeerIsThisProcess() throws Exception {
        Path socket = folder.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket)); SocketChannel accepted = server.accept()) {
                assertEquals(PeerCredentials.processUid(folder), PeerCredentials.of(accepted).uid());
                assertEquals(PeerCredentials.of(accepted), PeerCredentials.of(client));
            }
        }
    }
}
