package org.gatehouse.policy.engine.xml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the system and extension policy readers with arbitrary documents (each input is read as
 * both): each is a policy or an {@link XmlDocumentException} with a {@code [line:col]} position;
 * nothing else escapes, no input takes longer than the timeout, and no entity is ever resolved:
 * the word {@code CANARY} in an input becomes the {@code file:} URL of a file whose content
 * never shows up in a policy or an error (XXE).
 */
class PolicyParserFuzzTest {
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final String CANARY_URL = canary();
    private final PolicyParser parser = new PolicyParser(PermissionTypeRegistry.builtIns());

    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void aPolicyOrAPositionedError(byte[] input) {
        byte[] document = new String(input, StandardCharsets.ISO_8859_1).replace("CANARY", CANARY_URL).getBytes(StandardCharsets.ISO_8859_1);
        try {
            assertFalse(leaks(parser.systemPolicy("system-policy.xml", new ByteArrayInputStream(document)).toString(), document),
                    "an entity was resolved into the system policy");
        } catch (XmlDocumentException e) {
            assertPositioned(e, document);
        }
        try {
            assertFalse(leaks(parser.extensionPolicy("policy.xml", document).toString(), document),
                    "an entity was resolved into the extension policy");
        } catch (XmlDocumentException e) {
            assertPositioned(e, document);
        }
    }

    private static void assertPositioned(XmlDocumentException e, byte[] document) {
        assertTrue(e.line() > 0 && e.column() > 0, "no position: " + e.getMessage());
        assertFalse(leaks(e.getMessage(), document), "an entity was resolved into the error");
    }

    /**
     * True when the canary's content shows up in a model or an error; the fuzzer learns it from
     * the comparison and may write it into a document, which an error then quotes: not a leak.
     */
    private static boolean leaks(String text, byte[] document) {
        return text.contains(SECRET) && !new String(document, StandardCharsets.ISO_8859_1).contains(SECRET);
    }

    private static String canary() {
        try {
            Path file = Files.createTempFile("xxe-canary", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, SECRET);
            return file.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
