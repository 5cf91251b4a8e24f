package org.gatehouse.flow.engine.internal.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the flows.xml reader with arbitrary documents: each is a model, an
 * {@link XmlDocumentException} with a {@code [line:col]} position, or a
 * {@link FlowConfigurationException} whose every error has one; nothing else escapes, no input
 * takes longer than the timeout, and no entity is ever resolved: the word {@code CANARY} in an
 * input becomes the {@code file:} URL of a file whose content never shows up in a model or an
 * error (XXE).
 */
class FlowsReaderFuzzTest {
    private static final Pattern POSITIONED = Pattern.compile(".*\\[[1-9][0-9]*:[1-9][0-9]*\\].*", Pattern.DOTALL);
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final String CANARY_URL = canary();
    private final FlowsReader reader = new FlowsReader();

    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void aModelOrAPositionedError(byte[] input) {
        byte[] document = new String(input, StandardCharsets.ISO_8859_1).replace("CANARY", CANARY_URL).getBytes(StandardCharsets.ISO_8859_1);
        try {
            FlowsConfig config = reader.read("flows.xml", document);
            assertFalse(leaks(config.toString(), document), "an entity was resolved into the model");
        } catch (XmlDocumentException e) {
            assertTrue(e.line() > 0 && e.column() > 0, "no position: " + e.getMessage());
            assertFalse(leaks(e.getMessage(), document), "an entity was resolved into the error");
        } catch (FlowConfigurationException e) {
            for (String error : e.errors()) {
                assertTrue(POSITIONED.matcher(error).matches(), "no position: " + error);
            }
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
