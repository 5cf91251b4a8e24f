package org.gatehouse.dataplane.config;

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
 * Fuzzes the element.xml reader (schema, binding and the element's own checks) with arbitrary
 * documents: each is a model or an {@link XmlDocumentException} with a {@code [line:col]}
 * position; nothing else escapes, no input takes longer than the timeout, and no entity is ever
 * resolved: the word {@code CANARY} in an input becomes the {@code file:} URL of a file whose
 * content never shows up in a model or an error (XXE).
 */
class ElementConfigLoaderFuzzTest {
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final Path CONF = confDir();
    private static final String CANARY_URL = CONF.resolve("canary.txt").toUri().toString();
    private final ElementConfigLoader loader = new ElementConfigLoader(CONF);

    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void aModelOrAPositionedError(byte[] input) {
        byte[] document = new String(input, StandardCharsets.ISO_8859_1).replace("CANARY", CANARY_URL).getBytes(StandardCharsets.ISO_8859_1);
        try {
            ElementConfig config = loader.load("element.xml", document);
            assertFalse(leaks(config.toString(), document), "an entity was resolved into the model");
        } catch (XmlDocumentException e) {
            assertTrue(e.line() > 0 && e.column() > 0, "no position: " + e.getMessage());
            assertFalse(leaks(e.getMessage(), document), "an entity was resolved into the error");
        }
    }

    /** A conf folder holding the canary (and nothing a TLS file name could find). */
    /**
     * True when the canary's content shows up in a model or an error; the fuzzer learns it from
     * the comparison and may write it into a document, which an error then quotes: not a leak.
     */
    private static boolean leaks(String text, byte[] document) {
        return text.contains(SECRET) && !new String(document, StandardCharsets.ISO_8859_1).contains(SECRET);
    }

    private static Path confDir() {
        try {
            Path conf = Files.createTempDirectory("element-fuzz");
            Files.writeString(conf.resolve("canary.txt"), SECRET);
            conf.resolve("canary.txt").toFile().deleteOnExit();
            conf.toFile().deleteOnExit();
            return conf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
