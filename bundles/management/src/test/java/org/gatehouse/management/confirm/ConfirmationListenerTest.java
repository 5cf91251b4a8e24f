package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.gatehouse.management.auth.AccessAudit;
import org.gatehouse.management.auth.PasswordHash;
import org.gatehouse.management.auth.TotpSecret;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.server.ClientAuth;
import org.gatehouse.management.server.TlsSettings;
import org.gatehouse.management.testing.MovableClock;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmation listener over real TLS with certificates made here, in front of a desk in memory
 * ({@link FakeDesk}): who gets through the handshake, who is a person, the two factors (each wrong
 * one, an old and a replayed code, and the right ones), tickets (no show, another digest, another
 * certificate or person, a replay, an expired one), lockout and recovery, and the request bounds.
 */
class ConfirmationListenerTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ALICE_PASSWORD = "alice walks the long corridor";
    private static final String BOB_PASSWORD = "bob keeps the second key";
    private static final TotpSecret ALICE_TOTP = TotpSecret.generate();
    private static final TotpSecret BOB_TOTP = TotpSecret.generate();
    private static PasswordHash aliceHash;
    private static PasswordHash bobHash;

    @TempDir
    Path folder;
    private Authority ca;
    private SSLContext alice;
    private SSLContext bob;
    private MovableClock clock;
    private FakeDesk desk;
    private ConfirmationListener listener;

    @BeforeAll
    static void hashPasswords() {
        // the fewest iterations a users file takes: the check is as real, and quicker on a shared machine
        aliceHash = PasswordHash.create(ALICE_PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS);
        bobHash = PasswordHash.create(BOB_PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS);
    }

    @BeforeEach
    void start() throws Exception {
        ca = TestPki.authority("CN=Gatehouse Test CA");
        alice = ca.clientContext(ca.client("CN=alice,O=Acme"));
        bob = ca.clientContext(ca.client("CN=bob,O=Acme"));
        clock = new MovableClock(START);
        desk = new FakeDesk();
        desk.setPhrase("alice", "green lanterns at noon");
        desk.setPhrase("bob", "seven herons");
        desk.submit("c1", "com.acme.limiter");
        listener = start(ConfirmationListenerSettings.Limits.DEFAULT);
    }

    private ConfirmationListener start(ConfirmationListenerSettings.Limits limits) throws Exception {
        return start(limits, Optional.empty());
    }

    private ConfirmationListener start(ConfirmationListenerSettings.Limits limits, Optional<AccessAudit> audit) throws Exception {
        Path users = folder.resolve("management-users.xml");
        Files.writeString(users, usersXml(), StandardCharsets.UTF_8);
        TlsSettings tls = new TlsSettings(TestPki.keyStore(folder.resolve("listener.p12"), ca.server("CN=127.0.0.1")), TestPki.PASSWORD,
                "PKCS12", Optional.of(ca.trustStore(folder.resolve("clients.p12"))), TestPki.PASSWORD, ClientAuth.REQUIRED);
        ConfirmationListenerSettings settings = new ConfirmationListenerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                tls, limits);
        return ConfirmationListener.start(settings, desk, new UsersFile(users), clock, audit);
    }

    private static String usersXml() {
        return "<management-users xmlns=\"urn:gatehouse:management-users:1\">\n"
                + user("alice", "CN=alice,O=Acme", aliceHash, ALICE_TOTP)
                + user("bob", "CN=bob,O=Acme", bobHash, BOB_TOTP)
                + "  <user name=\"carol\"><role>admin</role><certificate subject=\"CN=carol,O=Acme\"/></user>\n"
                + "</management-users>\n";
    }

    static String user(String name, String subject, PasswordHash hash, TotpSecret totp) {
        return "  <user name=\"" + name + "\"><role>admin</role><certificate subject=\"" + subject + "\"/>"
                + "<password hash=\"" + hash.encoded() + "\"/><totp secret=\"" + totp.base32() + "\"/></user>\n";
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    private ListenerClient client(SSLContext tls) {
        return new ListenerClient(tls, listener.address());
    }

    /** The code of the current step, {@code offset} steps away. */
    private String code(TotpSecret secret, int offset) {
        return secret.code(secret.step(clock.instant().getEpochSecond()) + offset);
    }

    /** A step later, so the code is one not used yet. */
    private String nextCode(TotpSecret secret) {
        clock.advance(Duration.ofSeconds(30));
        return code(secret, 0);
    }

    @Test
    void aClientWithoutCertificateFailsTheHandshake() throws Exception {
        assertThrows(IOException.class, () -> client(ca.clientContext(null)).post("/pending", "{}"));
        assertEquals(200, client(alice).post("/pending", "{}").status());
    }

    @Test
    void aCertificateOfAnotherAuthorityFailsTheHandshakeWhateverItsSubject() throws Exception {
        Authority other = TestPki.authority("CN=Other CA");
        // the client trusts the listener, and presents a certificate of alice's subject from another CA
        assertThrows(IOException.class, () -> client(ca.clientContext(other.client("CN=alice,O=Acme"))).post("/pending", "{}"));
    }

    @Test
    void aCertificateIsOneUserWithBothFactors() throws Exception {
        ListenerClient.Reply stranger = client(ca.clientContext(ca.client("CN=stranger,O=Acme"))).post("/pending", "{}");
        assertEquals(403, stranger.status());
        assertEquals("the client certificate's subject [CN=stranger,O=Acme] is no management user",
                stranger.body().path("error").path("message").asText());
        ListenerClient.Reply carol = client(ca.clientContext(ca.client("CN=carol,O=Acme"))).post("/pending", "{}");
        assertEquals(403, carol.status());
        assertEquals("no_factors", carol.errorCode());
        ListenerClient.Reply pending = client(alice).post("/pending", "{}");
        assertEquals(200, pending.status());
        assertEquals("c1", pending.body().path("pending").get(0).path("id").asText());
    }

    @Test
    void showNeedsThePasswordAndACodeNotUsedBefore() throws Exception {
        ListenerClient person = client(alice);
        ListenerClient.Reply wrongPassword = person.show("c1", "alice walks the short corridor", code(ALICE_TOTP, 0));
        ListenerClient.Reply wrongCode = person.show("c1", ALICE_PASSWORD, ALICE_TOTP.digits() == 6 ? "000000" : "00000000");
        ListenerClient.Reply oldCode = person.show("c1", ALICE_PASSWORD, code(ALICE_TOTP, -2));
        ListenerClient.Reply futureCode = person.show("c1", ALICE_PASSWORD, code(ALICE_TOTP, 2));
        for (ListenerClient.Reply refused : List.of(wrongPassword, wrongCode, oldCode, futureCode)) {
            assertEquals(401, refused.status(), refused.body().toString());
            // one answer whichever factor was wrong
            assertEquals(wrongPassword.body(), refused.body());
            assertTrue(refused.body().path("rendering").isMissingNode());
        }
        assertEquals("reauthentication_failed", wrongPassword.errorCode());
        assertEquals(List.of(), desk.answers());

        // within a step either side, the right factors show the rendering, ending with alice's phrase
        String code = code(ALICE_TOTP, -1);
        ListenerClient.Reply shown = person.show("c1", ALICE_PASSWORD, code);
        assertEquals(200, shown.status(), shown.body().toString());
        String text = shown.body().path("rendering").path("text").asText();
        assertTrue(text.endsWith("green lanterns at noon\n"), text);
        assertEquals(FakeDesk.sha256(text), shown.body().path("rendering").path("digest").asText());
        assertEquals(300, shown.body().path("ticketExpiresIn").asInt());

        // the same code again, on this connection or another: refused, as is the one before it
        assertEquals(401, person.show("c1", ALICE_PASSWORD, code).status());
        assertEquals(401, client(alice).show("c1", ALICE_PASSWORD, code).status());
        assertEquals(401, person.show("c1", ALICE_PASSWORD, code(ALICE_TOTP, -2)).status());
        // a later code: shown again
        assertEquals(200, person.show("c1", ALICE_PASSWORD, code(ALICE_TOTP, 0)).status());
    }

    @Test
    void anAnswerNeedsTheTicketOfTheRenderingShownToThisCertificateOnce() throws Exception {
        ListenerClient person = client(alice);
        // never shown: no ticket to give
        ListenerClient.Reply unshown = person.post("/answer", Map.of("id", "c1", "digest", "0".repeat(64), "answer", "yes",
                "ticket", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals(403, unshown.status());
        assertEquals("ticket_refused", unshown.errorCode());

        // shown, answered with another digest: refused, and the ticket is spent
        ListenerClient.Reply shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        String ticket = shown.body().path("ticket").asText();
        assertEquals(403, person.post("/answer", Map.of("id", "c1", "digest", FakeDesk.sha256("something else"), "answer", "yes",
                "ticket", ticket)).status());
        assertEquals(403, person.answer(shown, "yes").status());

        // shown to alice: bob's certificate, and another certificate of alice's own subject, cannot use the ticket
        shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        assertEquals(403, client(bob).answer(shown, "yes").status());
        shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        assertEquals(403, client(ca.clientContext(ca.client("CN=alice,O=Acme"))).answer(shown, "yes").status());
        assertEquals(List.of(), desk.answers());

        // neither yes nor no: refused without spending the ticket; then yes, from a new connection with the same certificate
        shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        ListenerClient.Reply maybe = person.answer(shown, "Yes");
        assertEquals(400, maybe.status());
        assertEquals("bad_answer", maybe.errorCode());
        ListenerClient.Reply ran = client(alice).answer(shown, "yes");
        assertEquals(200, ran.status(), ran.body().toString());
        assertEquals("ran", ran.body().path("outcome").asText());
        assertEquals("done", ran.body().path("command").path("state").asText());
        assertEquals(List.of("alice:c1:yes"), desk.answers());

        // the same answer again: refused
        assertEquals(403, person.answer(shown, "yes").status());
        assertEquals(List.of("alice:c1:yes"), desk.answers());
    }

    @Test
    void noIsAnAnswerAndCancelNeedsNoFactors() throws Exception {
        desk.submit("c2", "com.acme.other");
        ListenerClient person = client(alice);
        ListenerClient.Reply shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        ListenerClient.Reply declined = person.answer(shown, "no");
        assertEquals("declined", declined.body().path("outcome").asText());
        assertEquals("cancelled", declined.body().path("command").path("state").asText());
        ListenerClient.Reply noAnswer = person.post("/answer", Map.of("id", "c2", "digest", "0".repeat(64), "ticket", "x"));
        assertEquals(400, noAnswer.status());
        ListenerClient.Reply cancelled = person.post("/cancel", Map.of("id", "c2"));
        assertEquals("cancelled", cancelled.body().path("outcome").asText());
        assertEquals(List.of("alice:c1:no", "alice:c2:cancel"), desk.answers());
    }

    @Test
    void aCommandThatChangedIsShownAgainWithItsOwnTicket() throws Exception {
        ListenerClient person = client(alice);
        ListenerClient.Reply shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        desk.change("c1");
        ListenerClient.Reply changed = person.answer(shown, "yes");
        assertEquals("changed", changed.body().path("outcome").asText());
        assertTrue(changed.body().path("rendering").path("text").asText().contains("modification count: 2"));
        assertEquals(List.of(), desk.answers());
        assertEquals("ran", person.answer(changed, "yes").body().path("outcome").asText());
        assertEquals(List.of("alice:c1:yes"), desk.answers());
    }

    @Test
    void aTicketExpires() throws Exception {
        ListenerClient person = client(alice);
        ListenerClient.Reply shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(403, person.answer(shown, "yes").status());
        shown = person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP));
        clock.advance(Duration.ofMinutes(4));
        assertEquals(200, person.answer(shown, "yes").status());
    }

    @Test
    void failuresInARowLockThePersonUntilThePeriodEnds() throws Exception {
        ListenerClient person = client(alice);
        for (int i = 1; i < 5; i++) {
            assertEquals(401, person.show("c1", "guess " + i, nextCode(ALICE_TOTP)).status());
        }
        ListenerClient.Reply fifth = person.show("c1", "guess 5", nextCode(ALICE_TOTP));
        assertEquals(429, fifth.status());
        assertEquals("locked", fifth.errorCode());
        // locked: the right factors too
        assertEquals(429, person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP)).status());
        // another person is not
        assertEquals(200, client(bob).show("c1", BOB_PASSWORD, code(BOB_TOTP, 0)).status());
        // 15 minutes from the fifth failure: locked a moment before, open at the end
        clock.advance(Duration.ofMinutes(14));
        assertEquals(429, person.show("c1", ALICE_PASSWORD, code(ALICE_TOTP, 0)).status());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(200, person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP)).status());
        // the count starts again: four failures do not lock
        for (int i = 1; i < 5; i++) {
            assertEquals(401, person.show("c1", "guess " + i, nextCode(ALICE_TOTP)).status());
        }
        assertEquals(200, person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP)).status());
    }

    @Test
    void refusedAndLockedReauthenticationsAndTheAcceptedOneAreInTheAuditLog() throws Exception {
        listener.close();
        List<AuditRecord> records;
        try (FileAuditLog log = FileAuditLog.open(folder.resolve("audit"), 100, clock)) {
            AccessAudit audit = AccessAudit.start(() -> Optional.<AuditLog>of(log));
            listener = start(ConfirmationListenerSettings.Limits.DEFAULT, Optional.of(audit));
            ListenerClient person = client(alice);
            assertEquals(200, person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP)).status());
            for (int i = 1; i <= 5; i++) {
                person.show("c1", "guess " + i, nextCode(ALICE_TOTP));
            }
            assertEquals(429, person.show("c1", ALICE_PASSWORD, nextCode(ALICE_TOTP)).status());
            audit.close(); // writes every count still held
            records = log.read(0, 1000);
        }
        ObjectMapper json = new ObjectMapper();
        long failed = 0;
        long locked = 0;
        for (AuditRecord r : records) {
            String reason = json.readTree(r.payload()).path("reason").asText();
            if (r.kind().equals("refusal")) {
                assertEquals("alice", r.actor());
                long count = json.readTree(r.payload()).path("count").asLong();
                failed += reason.equals("reauthentication_failed") ? count : 0;
                locked += reason.equals("reauthentication_locked") ? count : 0;
            }
        }
        assertEquals(4, failed, records::toString);
        // the fifth failure locks, and the right factors are then refused unchecked
        assertEquals(2, locked, records::toString);
        AuditRecord login = records.stream().filter(r -> r.kind().equals("login")).findFirst().orElseThrow();
        assertEquals("alice", login.actor());
        assertTrue(json.readTree(login.payload()).path("credential").asText().contains("one-time code"), login::payload);
        // no factor the person typed is ever written
        records.forEach(r -> assertTrue(!r.payload().contains(ALICE_PASSWORD) && !r.payload().contains("guess"), r::payload));
    }

    @Test
    void thePhraseIsSetWithBothFactors() throws Exception {
        ListenerClient person = client(alice);
        assertEquals(401, person.post("/phrase", Map.of("phrase", "a new phrase", "password", "wrong", "totp", nextCode(ALICE_TOTP)))
                .status());
        assertEquals("green lanterns at noon", desk.phraseOf("alice"));
        ListenerClient.Reply set = person.post("/phrase", Map.of("phrase", "a new phrase", "password", ALICE_PASSWORD, "totp",
                nextCode(ALICE_TOTP)));
        assertEquals(200, set.status());
        assertEquals("{\"phrase\":\"set\"}", set.body().toString());
        assertEquals("a new phrase", desk.phraseOf("alice"));
    }

    @Test
    void requestsAreStrict() throws Exception {
        ListenerClient person = client(alice);
        assertEquals(405, person.send(HttpRequest.newBuilder(person.uri("/pending")).GET()).statusCode());
        assertEquals(404, person.post("/confirm", "{}").status());
        assertEquals(404, person.post("/pending?all=1", "{}").status());
        assertEquals(404, person.post("//pending", "{}").status());
        assertEquals(415, person.send(HttpRequest.newBuilder(person.uri("/pending")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
        assertEquals(400, person.post("/pending", "{\"op\":\"pending\"}").status());
        assertEquals(400, person.post("/show", Map.of("id", "c1", "password", ALICE_PASSWORD)).status());
        assertEquals(400, person.post("/pending", "[]").status());
        assertEquals(400, person.post("/pending", "{} {}").status());
        assertEquals(400, person.post("/cancel", "{\"id\":\"c1\",\"id\":\"c2\"}").status());
        assertEquals(413, person.send(HttpRequest.newBuilder(person.uri("/pending")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "x".repeat(9000) + "\"}"))).statusCode());
        assertEquals(400, person.send(HttpRequest.newBuilder(person.uri("/pending")).header("Content-Type", "application/json")
                .header("X-Filler", "y".repeat(10_000)).POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
        // and after all that, a proper request
        assertEquals(200, person.post("/pending", "{}").status());
    }

    @Test
    void aRequestTrickledByteByByteIsCutOffAtItsDeadline() throws Exception {
        listener.close();
        listener = start(new ConfirmationListenerSettings.Limits(16, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60),
                8192, Duration.ofMinutes(5), 5, Duration.ofMinutes(15), 1, 2));
        byte[] request = ("POST /pending HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII);
        // all at once: answered
        try (SSLSocket socket = (SSLSocket) alice.getSocketFactory().createSocket("127.0.0.1", listener.address().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", head);
        }
        // a byte every 200 ms, well inside the idle timeout: the connection ends long before the request would
        try (SSLSocket socket = (SSLSocket) alice.getSocketFactory().createSocket("127.0.0.1", listener.address().getPort())) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            int sent = 0;
            try {
                for (; sent < request.length; sent++) {
                    out.write(request[sent]);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                // the listener closed the connection: what is expected
            }
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (IOException closed) {
                read = -1;
            }
            assertEquals(-1, read, "no answer to a trickled request");
            assertTrue(sent < request.length, "cut off before the request was whole, after " + sent + " of " + request.length + " bytes");
        }
    }
}
