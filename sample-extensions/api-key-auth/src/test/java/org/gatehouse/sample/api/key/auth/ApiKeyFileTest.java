package org.gatehouse.sample.api.key.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys file format: what it accepts and how it names what is wrong. */
class ApiKeyFileTest {
    /** SHA-256 of "test" (FIPS 180-4 implementations agree on it; sha256sum prints the same). */
    static final String TEST_DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static List<ApiKeyEntry> parse(String text) {
        return ApiKeyFile.parse("keys.txt", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void digestIsSha256OfTheUtf8Key() {
        assertEquals(TEST_DIGEST, HexFormat.of().formatHex(ApiKeyFile.digestOf("test")));
    }

    @Test
    void readsEntriesSkippingCommentsAndBlankLinesWithUpperCaseHex() {
        List<ApiKeyEntry> entries = parse("# comment\n\n  t-1:" + TEST_DIGEST.toUpperCase() + ":svc@example.com:a,b  \r\n");

        assertEquals(List.of(new ApiKeyEntry("t-1", HexFormat.of().parseHex(TEST_DIGEST), "svc@example.com", List.of("a", "b"))), entries);
    }

    @Test
    void aMalformedLineIsNamedWithoutItsContent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("t-1:" + TEST_DIGEST + "\n"));
        assertEquals("keys.txt:1: not key-id:sha256-hex:principal[:group,group] (key id [A-Za-z0-9._-]{1,64}, 64 hex digits, no spaces)",
                e.getMessage());
        assertFalse(e.getMessage().contains(TEST_DIGEST));
    }

    @Test
    void theSameDigestTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("a:" + TEST_DIGEST + ":one\nb:" + TEST_DIGEST + ":two\n"));
        assertEquals("keys.txt:2: key 'b' has the digest of an earlier key", e.getMessage());
    }

    @Test
    void aFileOverOneMebibyteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeyFile.parse("keys.txt", new byte[ApiKeyFile.MAX_BYTES + 1]));
        assertEquals("keys.txt: 1048577 bytes, more than the 1048576 a keys file may have", e.getMessage());
    }
}
