package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.management.auth.PasswordHash;
import org.gatehouse.management.auth.TotpSecret;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.server.ClientAuth;
import org.gatehouse.management.server.TlsSettings;
import org.gatehouse.management.testing.Bundles;
import org.gatehouse.management.testing.MovableClock;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmation listener in front of the element's own desk and command book: an install
 * submitted over the REST API waits, nothing on the REST port confirms it, and the person behind a
 * client certificate, with their password and a TOTP code, is shown it and confirms it; the
 * extension is then installed and the REST API shows the command done.
 */
class ConfirmationListenerOverCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "the console's long password";

    @TempDir
    Path folder;

    @Test
    void aCommandSubmittedOverRestIsConfirmedOnTheListenerAndOnlyThere() throws Exception {
        Authority ca = TestPki.authority("CN=Gatehouse Test CA");
        TotpSecret totp = TotpSecret.generate();
        MovableClock clock = new MovableClock(Instant.now());
        try (TestServer server = TestServer.startWithCertificateUsers(folder.resolve("home"), Map.of(), List.of("CN=alice,O=Acme"))) {
            // the certificate user cert-admin (an admin) gets the two factors; the desk reads the same file
            Path usersFile = server.home().resolve("conf/management-users.xml");
            String users = Files.readString(usersFile).replace("<certificate subject=\"CN=alice,O=Acme\"/>", "<certificate subject=\"CN=alice,O=Acme\"/>"
                    + "<password hash=\"" + PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS).encoded() + "\"/>"
                    + "<totp secret=\"" + totp.base32() + "\"/>");
            Files.writeString(usersFile, users, StandardCharsets.UTF_8);
            TlsSettings tls = new TlsSettings(TestPki.keyStore(folder.resolve("listener.p12"), ca.server("CN=127.0.0.1")), TestPki.PASSWORD,
                    "PKCS12", Optional.of(ca.trustStore(folder.resolve("clients.p12"))), TestPki.PASSWORD, ClientAuth.REQUIRED);
            ConfirmationListenerSettings settings = new ConfirmationListenerSettings(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls, ConfirmationListenerSettings.Limits.DEFAULT);
            try (ConfirmationListener listener = ConfirmationListener.start(settings, server.desk(), new UsersFile(usersFile), clock)) {
                byte[] jar = Files.readAllBytes(Bundles.write(folder.resolve("jars"), "com.acme.limiter", "1.0.0"));
                HttpResponse<String> submitted = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive", jar);
                assertEquals(202, submitted.statusCode(), submitted.body());
                String id = JSON.readTree(submitted.body()).path("command").path("id").asText();

                // the REST port has none of the listener's operations, whoever asks
                String answer = "{\"id\":\"" + id + "\",\"answer\":\"yes\"}";
                for (String path : List.of("/show", "/answer", "/pending", "/api/v1/commands/" + id + "/answer",
                        "/api/v1/commands/" + id + "/confirm", "/api/v1/show", "/api/v1/answer")) {
                    HttpResponse<String> refused = server.send("POST", path, TestServer.EVERYONE, "application/json",
                            answer.getBytes(StandardCharsets.UTF_8));
                    assertEquals(404, refused.statusCode(), path + ": " + refused.body());
                }
                assertEquals("awaiting_confirmation", server.commands().get(id).orElseThrow().state().wireName());
                assertTrue(server.services.extensions.list().isEmpty());

                ListenerClient console = new ListenerClient(ca.clientContext(ca.client("CN=alice,O=Acme")), listener.address());
                ListenerClient.Reply noPhrase = console.show(id, PASSWORD, code(totp, clock));
                assertEquals(409, noPhrase.status());
                assertEquals("no_phrase", noPhrase.errorCode());
                clock.advance(Duration.ofSeconds(30));
                assertEquals(200, console.post("/phrase", Map.of("phrase", "copper kettle", "password", PASSWORD, "totp", code(totp, clock)))
                        .status());
                assertEquals(id, console.post("/pending", "{}").body().path("pending").get(0).path("id").asText());

                clock.advance(Duration.ofSeconds(30));
                ListenerClient.Reply shown = console.show(id, PASSWORD, code(totp, clock));
                assertEquals(200, shown.status(), shown.body().toString());
                String text = shown.body().path("rendering").path("text").asText();
                assertTrue(text.contains("com.acme.limiter"), text);
                assertTrue(text.endsWith("\nYour anti-spoofing phrase: copper kettle\n"), text);
                ListenerClient.Reply ran = console.answer(shown, "yes");
                assertEquals(200, ran.status(), ran.body().toString());
                assertEquals("ran", ran.body().path("outcome").asText());
                assertEquals("done", ran.body().path("command").path("state").asText(), ran.body().toString());
                assertEquals("cert-admin", ran.body().path("command").path("confirmedBy").asText(), ran.body().toString());

                HttpResponse<String> command = server.get("/api/v1/commands/" + id, TestServer.AUDITOR);
                assertEquals("done", JSON.readTree(command.body()).path("command").path("state").asText(), command.body());
                assertEquals(1, server.services.extensions.list().size());
                // answered once: the same answer again is refused
                assertEquals(403, console.answer(shown, "yes").status());
            }
        }
    }

    private static String code(TotpSecret totp, MovableClock clock) {
        return totp.code(totp.step(clock.instant().getEpochSecond()));
    }
}
