package org.gatehouse.dataplane.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * Reads {@code element.xml}: schema validation and binding by {@link XmlDocumentReader}, then
 * the checks the schema cannot express ({@link ElementConfigChecks}). Every problem is an
 * {@link XmlDocumentException} reading {@code element.xml [line:col] /element/path: reason}.
 * Thread-safe.
 */
public final class ElementConfigLoader {
    private final XmlDocumentReader reader = XmlDocumentReader.forSchema(GatehouseSchema.ELEMENT);
    private final Path confDir;

    /** A loader resolving relative file names (TLS material) against {@code confDir}. */
    public ElementConfigLoader(Path confDir) {
        this.confDir = confDir.toAbsolutePath();
    }

    /** The folder relative names resolve against. */
    public Path confDir() {
        return confDir;
    }

    /** Reads, validates and checks the file. */
    public ElementConfig load(Path file) throws XmlDocumentException {
        return load(sourceName(file), readBytes(file));
    }

    /** Reads, validates and checks a document held in memory, named {@code source} in errors. */
    public ElementConfig load(String source, byte[] document) throws XmlDocumentException {
        XmlDocument<ElementConfig> read = reader.readDocument(source, document, ElementConfig.class);
        new ElementConfigChecks(read, confDir).check(read.model());
        return read.model();
    }

    /** The file's content, with the reader's wording for a missing or unreadable file. */
    public static byte[] readBytes(Path file) throws XmlDocumentException {
        String name = sourceName(file);
        try {
            long size = Files.size(file);
            if (size > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
                throw new XmlDocumentException(name, 0, 0, "", "document is " + size + " bytes; at most "
                        + XmlDocumentReader.MAX_DOCUMENT_BYTES + " are read");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new XmlDocumentException(name, 0, 0, "", "file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new XmlDocumentException(name, 0, 0, "", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    private static String sourceName(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }
}
