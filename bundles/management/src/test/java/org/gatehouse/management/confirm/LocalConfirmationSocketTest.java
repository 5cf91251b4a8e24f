package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gatehouse.management.auth.ManagementUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local confirmation socket on a real Unix domain socket, with the test's own process as the
 * peer (its uid is the element's here; the socket is opened to serve its own process, which the
 * element's is not: {@link OwnProcessPeerTest}): who is let in, the protocol, and the rule that an answer is
 * taken only for a rendering shown on the same connection with that digest. Other uids, as real
 * processes, are in {@link OtherUidPeerTest}; the folder and stale-socket rules in {@link SocketFolderTest}.
 */
class LocalConfirmationSocketTest {
    private static final String PHRASE = "purple otters at noon";

    @TempDir
    Path data;
    private final FakeDesk desk = new FakeDesk();
    private final AtomicReference<ManagementUsers> users = new AtomicReference<>();
    private final RecordedLog log = RecordedLog.of("org.gatehouse.management.confirm");
    private long uid;
    private LocalConfirmationSocket socket;

    @BeforeEach
    void open() throws Exception {
        uid = PeerCredentials.processUid(data);
        users.set(Users.of(Users.user("officer", "<local-account uid=\"" + uid + "\"/>"), Users.user("alice", "")));
        desk.setPhrase("officer", PHRASE);
        desk.submit("c-1", "com.acme.limiter");
        // the peers here are this process: what the element refuses of its own process is in OwnProcessPeerTest
        socket = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(data), desk, Set.of(uid), users::get,
                new LocalConfirmationSocket.Limits(1024, Duration.ofSeconds(3), Duration.ofSeconds(5), 2),
                LocalConfirmationSocket.Peers.ANY_PROCESS_FOR_TESTS, LocalConfirmationSocket.RefusalAudit.NONE);
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
        log.close();
    }

    private SocketPeer peer() throws IOException {
        return new SocketPeer(socket.path());
    }

    private static String code(JsonNode answer) {
        return answer.path("error").path("code").asText();
    }

    @Test
    void theSocketIsOwnerOnlyInAnOwnerOnlyFolder() throws Exception {
        assertEquals(data.resolve("run/confirm.sock"), socket.path());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.path(), LinkOption.NOFOLLOW_LINKS)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.path().getParent(), LinkOption.NOFOLLOW_LINKS)));
    }

    @Test
    void anAllowedAndMappedPeerSeesPendingShowsAndConfirms() throws Exception {
        try (SocketPeer peer = peer()) {
            JsonNode pending = peer.call("{\"op\":\"pending\"}");
            assertEquals("c-1", pending.path("pending").get(0).path("id").asText(), pending.toString());

            JsonNode shown = peer.call("{\"op\":\"show\",\"id\":\"c-1\"}");
            String text = shown.path("rendering").path("text").asText();
            assertTrue(text.startsWith("Enable extension [com.acme.limiter]"), text);
            assertTrue(text.endsWith(PHRASE + "\n"), text);
            String digest = shown.path("rendering").path("digest").asText();
            assertEquals(FakeDesk.sha256(text), digest);

            JsonNode ran = peer.call(answer("c-1", digest, "yes"));
            assertEquals("ran", ran.path("outcome").asText(), ran.toString());
            assertEquals("done", ran.path("command").path("state").asText());
        }
        assertEquals(List.of("officer:c-1:yes"), desk.answers());
    }

    private static String answer(String id, String digest, String word) {
        return "{\"op\":\"answer\",\"id\":\"" + id + "\",\"digest\":\"" + digest + "\",\"answer\":\"" + word + "\"}";
    }

    @Test
    void aBareAnswerIsRefusedEvenWithTheRightDigest() throws Exception {
        String digest = desk.render("c-1", "officer").digest();
        try (SocketPeer peer = peer()) {
            JsonNode refused = peer.call(answer("c-1", digest, "yes"));
            assertEquals("not_shown", code(refused), refused.toString());
            assertTrue(refused.path("error").path("message").asText().contains("show it first"));
        }
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void anAnswerWithAnotherDigestIsRefused() throws Exception {
        try (SocketPeer peer = peer()) {
            String digest = peer.call("{\"op\":\"show\",\"id\":\"c-1\"}").path("rendering").path("digest").asText();
            String other = FakeDesk.sha256("something else");
            assertEquals("digest_mismatch", code(peer.call(answer("c-1", other, "yes"))));
            // the right one still works on this connection
            assertEquals("ran", peer.call(answer("c-1", digest, "yes")).path("outcome").asText());
        }
        assertEquals(List.of("officer:c-1:yes"), desk.answers());
    }

    @Test
    void aRenderingShownOnOneConnectionCannotBeAnsweredOnAnother() throws Exception {
        try (SocketPeer shower = peer(); SocketPeer answerer = peer()) {
            String digest = shower.call("{\"op\":\"show\",\"id\":\"c-1\"}").path("rendering").path("digest").asText();
            assertEquals("not_shown", code(answerer.call(answer("c-1", digest, "yes"))));
        }
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void anAnswerIsTakenOnceAndCannotBeReplayed() throws Exception {
        desk.submit("c-2", "com.acme.other");
        try (SocketPeer peer = peer()) {
            String digest = peer.call("{\"op\":\"show\",\"id\":\"c-1\"}").path("rendering").path("digest").asText();
            assertEquals("declined", peer.call(answer("c-1", digest, "no")).path("outcome").asText());
            assertEquals("not_shown", code(peer.call(answer("c-1", digest, "yes"))));
        }
        assertEquals(List.of("officer:c-1:no"), desk.answers());
    }

    @Test
    void aChangedCommandShowsTheNewRenderingWhichIsThenAnswered() throws Exception {
        try (SocketPeer peer = peer()) {
            String first = peer.call("{\"op\":\"show\",\"id\":\"c-1\"}").path("rendering").path("digest").asText();
            desk.change("c-1");
            JsonNode changed = peer.call(answer("c-1", first, "yes"));
            assertEquals("changed", changed.path("outcome").asText(), changed.toString());
            assertTrue(changed.path("rendering").path("text").asText().contains("modification count: 2"));
            String second = changed.path("rendering").path("digest").asText();
            assertEquals("digest_mismatch", code(peer.call(answer("c-1", first, "yes"))));
            assertEquals("ran", peer.call(answer("c-1", second, "yes")).path("outcome").asText());
        }
        assertEquals(List.of("officer:c-1:yes"), desk.answers());
    }

    @Test
    void onlyTheExactWordsYesAndNoAreAnswers() throws Exception {
        try (SocketPeer peer = peer()) {
            String digest = peer.call("{\"op\":\"show\",\"id\":\"c-1\"}").path("rendering").path("digest").asText();
            for (String word : List.of("YES", "y", "yes ", "true", "ok")) {
                assertEquals("bad_answer", code(peer.call(answer("c-1", digest, word))), word);
            }
            assertEquals("bad_request", code(peer.call("{\"op\":\"answer\",\"id\":\"c-1\",\"digest\":\"" + digest + "\",\"answer\":true}")));
        }
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void cancelDeclinesWithoutAShow() throws Exception {
        try (SocketPeer peer = peer()) {
            JsonNode cancelled = peer.call("{\"op\":\"cancel\",\"id\":\"c-1\"}");
            assertEquals("declined", cancelled.path("outcome").asText(), cancelled.toString());
            assertEquals("cancelled", cancelled.path("command").path("state").asText());
            assertEquals("not_found", code(peer.call("{\"op\":\"cancel\",\"id\":\"c-1\"}")));
        }
        assertEquals(List.of("officer:c-1:cancel"), desk.answers(), "withdrawn through the desk's cancel, no answer given");
    }

    @Test
    void thePhraseIsSetAndNeverEchoedOrLogged() throws Exception {
        String secret = "my very own secret phrase";
        try (SocketPeer peer = peer()) {
            JsonNode set = peer.call("{\"op\":\"phrase\",\"phrase\":\"" + secret + "\"}");
            assertEquals("{\"phrase\":\"set\"}", set.toString());
            // a malformed request holding the phrase is refused without quoting it
            JsonNode bad = peer.call("{\"op\":\"phrase\",\"phrase\":\"" + secret + "\" oops}");
            assertEquals("bad_request", code(bad));
            assertFalse(bad.toString().contains("secret"), bad.toString());
            JsonNode unquoted = peer.call("{\"op\":\"phrase\",\"phrase\":" + secret + "}");
            assertFalse(unquoted.toString().contains("secret"), unquoted.toString());
        }
        assertEquals(secret, desk.phraseOf("officer"));
        assertTrue(log.text().contains("set the anti-spoofing phrase of officer"), log.text());
        assertFalse(log.text().contains("secret"), log.text());
    }

    @Test
    void badRequestsAreNamed() throws Exception {
        try (SocketPeer peer = peer()) {
            assertEquals("the request's 'op' must be one of [answer, cancel, pending, phrase, show]",
                    peer.call("{\"op\":\"confirm\",\"id\":\"c-1\"}").path("error").path("message").asText());
            assertEquals("a show request has no field 'answer'; its fields are op, id",
                    peer.call("{\"op\":\"show\",\"id\":\"c-1\",\"answer\":\"yes\"}").path("error").path("message").asText());
            assertEquals("the field 'id' of a show request is missing, empty or not a string",
                    peer.call("{\"op\":\"show\"}").path("error").path("message").asText());
            // a key given twice is refused, not resolved to one of its values
            assertEquals("bad_request", code(peer.call("{\"op\":\"show\",\"id\":\"c-1\",\"id\":\"c-2\"}")));
            assertEquals("the request is not a JSON object: send one JSON object a line",
                    peer.call("[\"show\"]").path("error").path("message").asText());
            // the connection still serves after each refusal
            assertEquals("c-1", peer.call("{\"op\":\"show\",\"id\":\"c-1\"}").path("rendering").path("id").asText());
        }
    }

    @Test
    void aLineOverTheLimitIsRefusedAndTheConnectionClosed() throws Exception {
        try (SocketPeer peer = peer()) {
            peer.send("{\"op\":\"phrase\",\"phrase\":\"" + "x".repeat(4000) + "\"}\n");
            JsonNode refused = peer.next();
            assertEquals("line_too_long", code(refused), String.valueOf(refused));
            assertEquals("a request line is at most 1024 bytes; the connection is closed", refused.path("error").path("message").asText());
            assertNull(peer.next());
        }
        assertNull(desk.phraseOf("nobody"));
        assertEquals(PHRASE, desk.phraseOf("officer"));
        // a line of exactly the limit is served
        try (SocketPeer peer = peer()) {
            String request = "{\"op\":\"show\",\"id\":\"c-1\"}";
            assertEquals("c-1", peer.call(request + " ".repeat(1024 - request.length())).path("rendering").path("id").asText());
        }
    }

    @Test
    void aSilentOrTricklingPeerIsClosedAtTheLineDeadlineWhileOthersAreServed() throws Exception {
        try (SocketPeer silent = peer(); SocketPeer trickling = peer()) {
            // a byte a second, past the 3 s a line may take: each byte does not buy more time
            for (int i = 0; i < 5; i++) {
                try {
                    trickling.send(" ");
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(1000);
            }
            JsonNode timedOut = silent.next();
            assertEquals("timeout", code(timedOut), String.valueOf(timedOut));
            assertEquals("no complete request line within 3 s; the connection is closed", timedOut.path("error").path("message").asText());
            assertNull(silent.next());
            assertEquals("timeout", code(trickling.next()));
            assertNull(trickling.next());
        }
        // the two threads are free once the closed connections are drained: until then a new one may be told busy
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        JsonNode pending;
        do {
            try (SocketPeer peer = peer()) {
                pending = peer.call("{\"op\":\"pending\"}");
            }
        } while (code(pending).equals("busy") && System.nanoTime() < deadline && sleep(100));
        assertEquals("c-1", pending.path("pending").get(0).path("id").asText(), pending.toString());
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void connectionsPastTheLimitAreToldBusy() throws Exception {
        try (SocketPeer first = peer(); SocketPeer second = peer()) {
            // both are being served (each answered once), so the third finds no thread
            first.call("{\"op\":\"pending\"}");
            second.call("{\"op\":\"pending\"}");
            try (SocketPeer third = peer()) {
                assertEquals("busy", code(third.next()));
                assertNull(third.next());
            }
        }
        assertTrue(log.text().contains("refused a connection: 2 are served already"), log.text());
    }

    @Test
    void aUidOutsideTheAllowedSetIsRefusedAndLogged() throws Exception {
        socket.close();
        socket = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(data), desk, Set.of(uid + 1), users::get,
                LocalConfirmationSocket.Limits.DEFAULT, LocalConfirmationSocket.Peers.ANY_PROCESS_FOR_TESTS, LocalConfirmationSocket.RefusalAudit.NONE);
        try (SocketPeer peer = peer()) {
            JsonNode refused = peer.next();
            assertEquals("peer_refused", code(refused), String.valueOf(refused));
            assertTrue(refused.path("error").path("message").asText().startsWith("uid " + uid), refused.toString());
            assertTrue(refused.path("error").path("message").asText().endsWith(
                    "may not use this socket: it is not among the allowed uids (gatehouse.confirm.allowed-uids)"), refused.toString());
            assertNull(peer.next());
        }
        assertTrue(log.text().contains("refused uid " + uid), log.text());
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void aPeerThatIsNoUserIsToldWhatToAdd() throws Exception {
        users.set(Users.of(Users.user("officer", ""), Users.user("alice", "")));
        try (SocketPeer peer = peer()) {
            JsonNode refused = peer.next();
            assertEquals("no_user", code(refused), String.valueOf(refused));
            String message = refused.path("error").path("message").asText();
            assertTrue(message.contains("is no management user: add <local-account name=\"")
                    && message.contains("<local-account uid=\"" + uid + "\"/> to the one user it is in management-users.xml"), message);
        }
        assertTrue(log.text().contains("is no management user"), log.text());
    }

    @Test
    void aPeerThatIsSeveralUsersIsRefused() throws Exception {
        String name = Files.getOwner(data).getName();
        users.set(Users.of(Users.user("officer", "<local-account uid=\"" + uid + "\"/>"),
                Users.user("alice", "<local-account name=\"" + name + "\"/>")));
        try (SocketPeer peer = peer()) {
            JsonNode refused = peer.next();
            assertEquals("several_users", code(refused), String.valueOf(refused));
            assertEquals("uid " + uid + " (" + name + ") is several management users: officer (local-account uid=\"" + uid + "\"), "
                    + "alice (local-account name=\"" + name + "\"); keep its <local-account> on one user only in management-users.xml",
                    refused.path("error").path("message").asText());
        }
    }

    @Test
    void anAccountNamedInTheUsersFileIsMatchedByItsUid() throws Exception {
        String name = Files.getOwner(data).getName();
        users.set(Users.of(Users.user("officer", "<local-account name=\"" + name + "\"/>")));
        try (SocketPeer peer = peer()) {
            assertTrue(peer.call("{\"op\":\"pending\"}").has("pending"));
        }
        // a name nobody has is no one
        users.set(Users.of(Users.user("officer", "<local-account name=\"no-such-account-here\"/>")));
        try (SocketPeer peer = peer()) {
            assertEquals("no_user", code(peer.next()));
        }
    }

    @Test
    void aMappingChangedDuringAConnectionEndsIt() throws Exception {
        try (SocketPeer peer = peer()) {
            assertTrue(peer.call("{\"op\":\"pending\"}").has("pending"));
            users.set(Users.of(Users.user("officer", ""), Users.user("alice", "<local-account uid=\"" + uid + "\"/>")));
            JsonNode refused = peer.call("{\"op\":\"pending\"}");
            assertEquals("user_changed", code(refused), refused.toString());
            assertNull(peer.next());
        }
    }

    @Test
    void closeRemovesTheSocketFile() throws Exception {
        socket.close();
        assertFalse(Files.exists(data.resolve("run/confirm.sock")));
        assertThrows(IOException.class, this::peer);
    }

    @Test
    void allowedUidsComeFromThePropertyOrAreTheElementsOwn() throws Exception {
        assertEquals(Set.of(uid), LocalConfirmationSocket.allowedUids(name -> null, data));
        assertEquals(Set.of(0L, 1000L, 4294967294L), LocalConfirmationSocket.allowedUids(name -> " 0, 1000,4294967294", data));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LocalConfirmationSocket.allowedUids(name -> "0,alice", data));
        assertEquals("gatehouse.confirm.allowed-uids: [alice] is not a uid (0 to 4294967294) in [0,alice]; give decimal uids "
                + "separated by commas", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LocalConfirmationSocket.allowedUids(name -> "4294967295", data));
        assertThrows(IllegalArgumentException.class, () -> LocalConfirmationSocket.allowedUids(name -> "0,,1", data));
    }

    /** The confirmation socket's log lines, as text. */
    static final class RecordedLog extends Handler implements AutoCloseable {
        private final Logger logger;
        private final StringBuilder text = new StringBuilder();

        private RecordedLog(Logger logger) {
            this.logger = logger;
        }

        static RecordedLog of(String name) {
            RecordedLog log = new RecordedLog(Logger.getLogger(name));
            log.logger.addHandler(log);
            return log;
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getMessage()).append('\n');
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    /** Users files in memory. */
    static final class Users {
        private Users() {
        }

        static String user(String name, String localAccounts) {
            return "<user name=\"" + name + "\"><role>security-officer</role>" + localAccounts + "</user>";
        }

        static ManagementUsers of(String... users) throws Exception {
            String xml = "<management-users xmlns=\"urn:gatehouse:management-users:1\">" + String.join("", users) + "</management-users>";
            return ManagementUsers.read("management-users.xml", xml.getBytes(StandardCharsets.UTF_8));
        }
    }
}
