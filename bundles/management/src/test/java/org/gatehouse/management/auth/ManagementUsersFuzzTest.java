package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the management-users.xml reader with arbitrary documents: each is a user list or an
 * {@link XmlDocumentException} with a {@code [line:col]} position; nothing else escapes, no input
 * takes longer than the timeout, and no entity is ever resolved: the word {@code CANARY} in an
 * input becomes the {@code file:} URL of a file whose content never shows up in the users or an
 * error (XXE).
 */
class ManagementUsersFuzzTest {
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final Path FOLDER = folder();
    private static final String CANARY_URL = FOLDER.resolve("canary.txt").toUri().toString();

    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void usersOrAPositionedError(byte[] input) throws IOException {
        Path file = FOLDER.resolve("management-users.xml");
        byte[] document = new String(input, StandardCharsets.ISO_8859_1).replace("CANARY", CANARY_URL).getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, document);
        try {
            ManagementUsers users = ManagementUsers.read(file);
            assertFalse(leaks(users.users().toString(), document), "an entity was resolved into the users");
        } catch (XmlDocumentException e) {
            assertTrue(e.line() > 0 && e.column() > 0, "no position: " + e.getMessage());
            assertFalse(leaks(e.getMessage(), document), "an entity was resolved into the error");
        }
    }

    /**
     * True when the canary's content shows up in a model or an error; the fuzzer learns it from
     * the comparison and may write it into a document, which an error then quotes: not a leak.
     */
    private static boolean leaks(String text, byte[] document) {
        return text.contains(SECRET) && !new String(document, StandardCharsets.ISO_8859_1).contains(SECRET);
    }

    private static Path folder() {
        try {
            Path folder = Files.createTempDirectory("users-fuzz");
            Files.writeString(folder.resolve("canary.txt"), SECRET);
            folder.toFile().deleteOnExit();
            folder.resolve("canary.txt").toFile().deleteOnExit();
            folder.resolve("management-users.xml").toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
