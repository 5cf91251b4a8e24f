package org.gatehouse.extension.qualification.internal.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the qualification-rules.xml reader with arbitrary documents: each is a rule list or an
 * {@link XmlDocumentException} with a {@code [line:col]} position; nothing else escapes, no input
 * takes longer than the timeout, and no entity is ever resolved: the word {@code CANARY} in an
 * input becomes the {@code file:} URL of a file whose content never shows up in the rules or an
 * error (XXE).
 */
class RulesDocumentReaderFuzzTest {
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final String CANARY_URL = canary();

    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void rulesOrAPositionedError(byte[] input) {
        byte[] document = new String(input, StandardCharsets.ISO_8859_1).replace("CANARY", CANARY_URL).getBytes(StandardCharsets.ISO_8859_1);
        try {
            QualificationRules rules = RulesDocumentReader.parse("qualification-rules.xml", document);
            assertFalse(leaks(rules.toString(), document), "an entity was resolved into the rules");
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
