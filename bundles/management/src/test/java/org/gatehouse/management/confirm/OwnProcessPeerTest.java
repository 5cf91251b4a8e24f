package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gatehouse.management.auth.ManagementUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The element's own process is never a confirmation client (docs/management.md "The local path"):
 * a peer in the process serving the socket (here the test's, standing in for an extension running in
 * the element) is refused and audited, whatever path it reached the socket by and however it bound
 * its end; the same request from a person's process, a real process of the same uid, is served.
 */
class OwnProcessPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    private final FakeDesk desk = new FakeDesk();
    private final AtomicReference<ManagementUsers> users = new AtomicReference<>();
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private LocalConfirmationSocket socket;

    @BeforeEach
    void open() throws Exception {
        Path data = Files.createDirectory(folder.resolve("data"));
        long uid = PeerCredentials.processUid(data);
        users.set(LocalConfirmationSocketTest.Users.of(LocalConfirmationSocketTest.Users.user("officer",
                "<local-account uid=\"" + uid + "\"/>")));
        desk.setPhrase("officer", "tea at five");
        desk.submit("c-1", "com.acme.limiter");
        socket = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(data), desk, java.util.Set.of(uid), users::get,
                LocalConfirmationSocket.Limits.DEFAULT, LocalConfirmationSocket.Peers.OTHER_PROCESSES,
                (code, peer, message) -> audited.add(code + " " + peer + ": " + message));
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
    }

    /** Connects from this process to {@code path}, its end bound to {@code own} (none when null); the first answer line. */
    private static JsonNode askFromHere(Path path, Path own) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            if (own != null) {
                channel.bind(UnixDomainSocketAddress.of(own));
            }
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.write(StandardCharsets.UTF_8.encode("{\"op\":\"pending\"}\n"));
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8)).readLine();
            return JSON.readTree(line);
        }
    }

    private static String code(JsonNode answer) {
        return answer.path("error").path("code").asText();
    }

    @Test
    void aPeerInTheElementsOwnProcessIsRefusedAndAuditedWhateverPathItCameBy() throws Exception {
        Path hardLink = Files.createLink(folder.resolve("granted.sock"), socket.path());
        Path symbolicLink = Files.createSymbolicLink(folder.resolve("linked.sock"), socket.path());
        int n = 0;
        for (Path path : List.of(socket.path(), hardLink, symbolicLink)) {
            JsonNode refused = askFromHere(path, folder.resolve("end-" + n++ + ".sock"));
            assertEquals("own_process", code(refused), path + ": " + refused);
            assertTrue(refused.path("error").path("message").asText().startsWith("the peer is the element's own process (pid "
                    + ProcessHandle.current().pid() + ")"), refused.toString());
        }
        assertEquals(3, audited.size(), audited.toString());
        assertTrue(audited.get(0).startsWith("own_process uid "), audited.get(0));
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void anEndBoundToNoPathOrToAnUnreadablePathIsRefused() throws Exception {
        assertEquals("unbound_peer", code(askFromHere(socket.path(), null)));
        assertEquals("unbound_peer", code(askFromHere(socket.path(), folder.resolve("line\nbreak.sock"))));
        assertEquals(2, audited.size(), audited.toString());
    }

    @Test
    void aPathWithSpacesOrATrailingSpaceDoesNotHideTheOwnProcess() throws Exception {
        assertEquals("own_process", code(askFromHere(socket.path(), folder.resolve("with space.sock"))));
        assertEquals("own_process", code(askFromHere(socket.path(), folder.resolve("trailing.sock "))));
        assertEquals("own_process", code(askFromHere(socket.path(), Path.of("relative-end.sock"))));
        Files.deleteIfExists(Path.of("relative-end.sock"));
    }

    @Test
    void anEndWhoseFileWasRemovedOrIsSharedWithAnotherProcessStillCounts() throws Exception {
        // the file of a bound end is removed, and another process binds the same path: the path still names this process's end
        Path end = folder.resolve("shared.sock");
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(end));
            Files.delete(end);
            try (SocketChannel again = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                again.bind(UnixDomainSocketAddress.of(end));
                channel.connect(UnixDomainSocketAddress.of(socket.path()));
                channel.write(StandardCharsets.UTF_8.encode("{\"op\":\"pending\"}\n"));
                String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8)).readLine();
                assertEquals("own_process", code(JSON.readTree(line)), line);
            }
        }
    }

    @Test
    void aPersonsProcessOfTheSameUidIsServed() throws Exception {
        Path client = Files.writeString(folder.resolve("PeerClient.java"), OtherUidPeerTest.CLIENT);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(java, "-XX:-UsePerfData", client.toString(), socket.path().toString(),
                "{\"op\":\"pending\"}"))).redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the client process did not end");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(out.startsWith("{\"pending\":[{\"id\":\"c-1\""), out);
        assertEquals(List.of(), audited);
    }
}
