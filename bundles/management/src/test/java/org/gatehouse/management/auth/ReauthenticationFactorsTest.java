package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two factors of the confirmation listener as the users file keeps them: PBKDF2-HMAC-SHA256
 * against a hash made by another tool (Python's hashlib), the RFC 6238 appendix B test vectors for
 * TOTP, the window and the refusals of malformed codes, and the reader's model.
 */
class ReauthenticationFactorsTest {
    @TempDir
    Path folder;

    @Test
    void aHashMadeByAnotherToolMatchesItsPasswordOnly() {
        // hashlib.pbkdf2_hmac('sha256', 'pässword ünïcode'.encode(), bytes(range(16)), 100000)
        PasswordHash hash = PasswordHash.parse("$pbkdf2-sha256$i=100000$AAECAwQFBgcICQoLDA0ODw$ybQ+Dk26ngmBeIvaQaz4LqpNlgujBkAB0ThJNrcf4AI");
        assertTrue(hash.matches("pässword ünïcode"));
        assertFalse(hash.matches("password unicode"));
        assertFalse(hash.matches("pässword ünïcode "));
        assertEquals("PasswordHash[PBKDF2-HMAC-SHA256, 100000 iterations]", hash.toString());
    }

    @Test
    void aNewHashHasItsOwnSaltAndReadsBack() {
        PasswordHash one = PasswordHash.create("the same password".toCharArray(), PasswordHash.MIN_ITERATIONS);
        PasswordHash two = PasswordHash.create("the same password".toCharArray(), PasswordHash.MIN_ITERATIONS);
        assertFalse(one.encoded().equals(two.encoded()), "a salt of each hash's own");
        assertTrue(PasswordHash.parse(one.encoded()).matches("the same password"));
        assertEquals(600_000, PasswordHash.ITERATIONS);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> PasswordHash.create("x".toCharArray(), 1000));
        assertEquals("a password hash has 100000 to 99999999 iterations, not 1000", few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("5f4dcc3b5aa765d61d8327deb882cf99"));
    }

    @Test
    void totpCodesAreThoseOfRfc6238AppendixB() {
        TotpSecret sha1 = new TotpSecret("12345678901234567890".getBytes(StandardCharsets.US_ASCII), TotpSecret.Algorithm.SHA1, 8, 30);
        assertEquals("94287082", sha1.code(sha1.step(59)));
        assertEquals("07081804", sha1.code(sha1.step(1111111109)));
        assertEquals("65353130", sha1.code(sha1.step(20000000000L)));
        TotpSecret sha256 = new TotpSecret("12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII), TotpSecret.Algorithm.SHA256,
                8, 30);
        assertEquals("46119246", sha256.code(sha256.step(59)));
        assertEquals("91819424", sha256.code(sha256.step(1234567890)));
        // six digits are the last six of the same number (RFC 4226 section 5.3)
        TotpSecret six = new TotpSecret("12345678901234567890".getBytes(StandardCharsets.US_ASCII), TotpSecret.Algorithm.SHA1, 6, 30);
        assertEquals("287082", six.code(six.step(59)));
    }

    @Test
    void aCodeMatchesWithinTheWindowOnlyAndOnlyAsDigits() {
        TotpSecret secret = TotpSecret.generate();
        long now = 1_800_000_000L;
        long step = secret.step(now);
        assertEquals(OptionalLong.of(step), secret.matchingStep(secret.code(step), now, 1));
        assertEquals(OptionalLong.of(step - 1), secret.matchingStep(secret.code(step - 1), now, 1));
        assertEquals(OptionalLong.of(step + 1), secret.matchingStep(secret.code(step + 1), now, 1));
        assertEquals(OptionalLong.empty(), secret.matchingStep(secret.code(step - 2), now, 1));
        assertEquals(OptionalLong.empty(), secret.matchingStep(secret.code(step) + "0", now, 1));
        assertEquals(OptionalLong.empty(), secret.matchingStep(" " + secret.code(step).substring(1), now, 1));
        assertEquals(OptionalLong.empty(), secret.matchingStep("", now, 1));
        assertEquals("TotpSecret[SHA1, 6 digits, 30 s]", secret.toString());
        assertEquals(32, secret.base32().length());
        assertEquals(secret.base32(), TotpSecret.of(secret.base32(), "SHA1", 6, 30).base32());
        assertTrue(secret.otpauthUri("Gatehouse", "alice").startsWith("otpauth://totp/Gatehouse:alice?secret=" + secret.base32()
                + "&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30"));
    }

    @Test
    void theReaderGivesAUserBothFactorsOrNeither() throws Exception {
        Path file = folder.resolve("management-users.xml");
        Files.writeString(file, """
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><certificate subject="CN=alice,O=Acme"/>
                    <password hash="$pbkdf2-sha256$i=100000$AAECAwQFBgcICQoLDA0ODw$ybQ+Dk26ngmBeIvaQaz4LqpNlgujBkAB0ThJNrcf4AI"/>
                    <totp secret="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" algorithm="SHA256" digits="8"/></user>
                  <user name="bob"><role>admin</role></user>
                </management-users>""");
        ManagementUsers users = ManagementUsers.read(file);
        ManagementUser alice = users.users().get(0);
        assertTrue(alice.canReauthenticate());
        assertTrue(alice.password().orElseThrow().matches("pässword ünïcode"));
        assertEquals("TotpSecret[SHA256, 8 digits, 30 s]", alice.totp().orElseThrow().toString());
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", alice.totp().orElseThrow().base32());
        assertFalse(users.users().get(1).canReauthenticate());

        Files.writeString(file, """
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role>
                    <password hash="$pbkdf2-sha256$i=100000$AAECAwQFBgcICQoLDA0ODw$ybQ+Dk26ngmBeIvaQaz4LqpNlgujBkAB0ThJNrcf4AI"/></user>
                </management-users>""");
        XmlDocumentException alone = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(file));
        assertEquals("management-users.xml [3:121] /management-users/user[1]: The content of element 'user' is not complete. One of "
                + "'{\"urn:gatehouse:management-users:1\":totp}' is expected.", alone.getMessage());
    }
}
