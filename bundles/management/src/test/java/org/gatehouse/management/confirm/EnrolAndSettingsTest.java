package org.gatehouse.management.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.PasswordHash;
import org.gatehouse.management.server.ClientAuth;
import org.junit.jupiter.api.Test;

/** The enrolment tool's output reads back as a user's factors; the listener's settings are off, or complete. */
class EnrolAndSettingsTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run enrol(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Enrol.run(args, null, new BufferedReader(new StringReader(input)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void enrolPrintsAHashAndASecretThatTheUsersFileTakes() throws Exception {
        Run run = enrol("a password of some length\n", "alice");
        assertEquals(0, run.exit(), run.err());
        Matcher password = Pattern.compile("<password hash=\"([^\"]+)\"/>").matcher(run.out());
        Matcher totp = Pattern.compile("<totp secret=\"([A-Z2-7]{32})\"/>").matcher(run.out());
        assertTrue(password.find() && totp.find(), run.out());
        PasswordHash hash = PasswordHash.parse(password.group(1));
        assertEquals(PasswordHash.ITERATIONS, hash.iterations());
        assertTrue(hash.matches("a password of some length"));
        assertTrue(run.out().contains("otpauth://totp/Gatehouse:alice?secret=" + totp.group(1)), run.out());
        ManagementUsers users = ManagementUsers.read("enrolled.xml", ("<management-users xmlns=\"urn:gatehouse:management-users:1\">"
                + "<user name=\"alice\"><role>admin</role>" + password.group() + totp.group() + "</user></management-users>")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(users.users().get(0).canReauthenticate());
    }

    @Test
    void enrolRefusesAShortPasswordAndABadUserName() throws Exception {
        Run shortPassword = enrol("short\n", "alice");
        assertEquals(1, shortPassword.exit());
        assertEquals("refused: a password has at least 12 characters\n", shortPassword.err());
        assertEquals("", shortPassword.out());
        assertEquals(2, enrol("a password of some length\n", "alice smith").exit());
        assertEquals(2, enrol("a password of some length\n").exit());
        assertEquals(1, enrol("", "alice").exit());
    }

    @Test
    void theListenerIsOffWithoutAnAddressAndNeedsBothStoresWithOne() {
        assertEquals(Optional.empty(), ConfirmationListenerSettings.from(Map.<String, String>of()::get));
        IllegalArgumentException noKeys = assertThrows(IllegalArgumentException.class, () -> ConfirmationListenerSettings.from(Map.of(
                "gatehouse.confirm.address", "0.0.0.0:9444", "gatehouse.confirm.truststore", "/t.p12")::get));
        assertEquals("gatehouse.confirm.address is set, so gatehouse.confirm.keystore is needed: the confirmation listener serves only TLS "
                + "with a client certificate verified by a trust store", noKeys.getMessage());
        IllegalArgumentException noTrust = assertThrows(IllegalArgumentException.class, () -> ConfirmationListenerSettings.from(Map.of(
                "gatehouse.confirm.address", "0.0.0.0:9444", "gatehouse.confirm.keystore", "/k.p12")::get));
        assertTrue(noTrust.getMessage().startsWith("gatehouse.confirm.address is set, so gatehouse.confirm.truststore is needed"));
        IllegalArgumentException badAddress = assertThrows(IllegalArgumentException.class, () -> ConfirmationListenerSettings.from(Map.of(
                "gatehouse.confirm.address", "9444", "gatehouse.confirm.keystore", "/k.p12", "gatehouse.confirm.truststore", "/t.p12")::get));
        assertEquals("gatehouse.confirm.address must be host:port, not '9444'", badAddress.getMessage());
        ConfirmationListenerSettings settings = ConfirmationListenerSettings.from(Map.of("gatehouse.confirm.address", "0.0.0.0:9444",
                "gatehouse.confirm.keystore", "/k.p12", "gatehouse.confirm.truststore", "/t.p12")::get).orElseThrow();
        assertEquals(ClientAuth.REQUIRED, settings.tls().clientAuth());
        assertEquals(9444, settings.address().getPort());
    }
}
