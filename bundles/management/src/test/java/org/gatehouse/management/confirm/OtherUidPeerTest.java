package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gatehouse.management.auth.ManagementUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that are real processes of other uids ({@code setpriv}, as root): the socket's modes keep
 * them out; with the modes opened by hand, the uid check keeps out a uid not allowed, and a uid
 * that is allowed and mapped (by account name, or by a number with no account at all) is served as
 * its user. The uid the element reads is the one the process runs as.
 */
class OtherUidPeerTest {
    static final String CLIENT = """
            import java.io.*;
            import java.net.*;
            import java.nio.*;
            import java.nio.channels.*;
            import java.nio.charset.StandardCharsets;

            public class PeerClient {
                public static void main(String[] args) throws Exception {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    // its end bound to a path, as the command line binds it: the element tells its own process from others by it
                    channel.bind(UnixDomainSocketAddress.of(java.nio.file.Files.createTempDirectory("peer-").resolve("c.sock")));
                    try {
                        channel.connect(UnixDomainSocketAddress.of(args[0]));
                    } catch (IOException e) {
                        System.out.println("connect failed: " + e.getMessage());
                        return;
                    }
                    channel.write(StandardCharsets.UTF_8.encode(args[1] + "\\n"));
                    BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
                    System.out.println(in.readLine());
                }
            }
            """;

    @TempDir
    Path folder;
    private Path data;
    private Path client;
    private final FakeDesk desk = new FakeDesk();
    private final AtomicReference<ManagementUsers> users = new AtomicReference<>();
    private LocalConfirmationSocket socket;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(PeerCredentials.processUid(folder) == 0, "running a process as another uid needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv runs a process as another uid");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
        Path clientFolder = Files.createDirectory(folder.resolve("client"));
        Files.setPosixFilePermissions(clientFolder, PosixFilePermissions.fromString("rwxr-xr-x"));
        client = Files.writeString(clientFolder.resolve("PeerClient.java"), CLIENT);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        data = Files.createDirectory(folder.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx--x--x"));
        desk.setPhrase("night-shift", "tea at five");
        desk.submit("c-1", "com.acme.limiter");
    }

    @AfterEach
    void close() throws Exception {
        if (socket != null) {
            socket.close();
        }
    }

    private void open(Set<Long> allowed, String localAccounts) throws Exception {
        users.set(LocalConfirmationSocketTest.Users.of(LocalConfirmationSocketTest.Users.user("night-shift", localAccounts)));
        socket = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(data), desk, allowed, users::get);
    }

    /** Opens the modes the way an operator could by mistake: then the uid check is what stands. */
    private void openModesToOthers() throws IOException {
        Files.setPosixFilePermissions(socket.path().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket.path(), PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    /** Runs the client as {@code uid} (group the same number, no supplementary groups); its one line of output. */
    private String asUid(long uid, String request) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                java, "-XX:-UsePerfData", "-Xshare:auto", client.toString(), socket.path().toString(), request));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(client.getParent().toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the client process did not end");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    @Test
    void theSocketsModesKeepOtherAccountsOut() throws Exception {
        open(Set.of(0L, 65534L), "<local-account uid=\"65534\"/>");
        assertEquals("connect failed: Permission denied", asUid(65534, "{\"op\":\"pending\"}"));
    }

    @Test
    void aProcessOfAUidNotAllowedIsRefused() throws Exception {
        open(Set.of(0L), "<local-account uid=\"65534\"/>");
        openModesToOthers();
        String answer = asUid(65534, "{\"op\":\"pending\"}");
        assertTrue(answer.startsWith("{\"error\":{\"code\":\"peer_refused\",\"message\":\"uid 65534 "), answer);
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void aProcessOfAnAllowedUidIsServedAsTheUserItsAccountNameMapsTo() throws Exception {
        String nobody = accountName(65534);
        open(Set.of(0L, 65534L), "<local-account name=\"" + nobody + "\"/>");
        openModesToOthers();
        String answer = asUid(65534, "{\"op\":\"show\",\"id\":\"c-1\"}");
        assertTrue(answer.startsWith("{\"rendering\":{\"id\":\"c-1\",\"text\":\"Enable extension [com.acme.limiter]"), answer);
        assertTrue(answer.contains("tea at five"), answer);
    }

    @Test
    void aUidWithNoAccountIsReadAsItsNumber() throws Exception {
        open(Set.of(0L, 54321L), "<local-account uid=\"54321\"/>");
        openModesToOthers();
        assertTrue(asUid(54321, "{\"op\":\"pending\"}").startsWith("{\"pending\":[{\"id\":\"c-1\""));
        // the same process as a uid one off is refused
        socket.close();
        Files.setPosixFilePermissions(socket.path().getParent(), PosixFilePermissions.fromString("rwx------"));
        open(Set.of(0L, 54321L), "<local-account uid=\"54321\"/>");
        openModesToOthers();
        assertTrue(asUid(54320, "{\"op\":\"pending\"}").startsWith("{\"error\":{\"code\":\"peer_refused\",\"message\":\"uid 54320 "));
    }

    private String accountName(long uid) throws IOException {
        Path file = Files.createFile(folder.resolve("owned-by-" + uid));
        Files.setAttribute(file, "unix:uid", (int) uid);
        String name = Files.getOwner(file).getName();
        assumeTrue(!name.equals(Long.toString(uid)), "uid " + uid + " has no account name here");
        return name;
    }
}
