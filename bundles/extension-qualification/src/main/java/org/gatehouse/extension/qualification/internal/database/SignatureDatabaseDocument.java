package org.gatehouse.extension.qualification.internal.database;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.gatehouse.extension.qualification.SignatureEntry;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/** Reads and writes the {@code urn:gatehouse:signature-database:1} document. */
public final class SignatureDatabaseDocument {
    private static final String NS = GatehouseSchema.SIGNATURE_DATABASE.namespace();

    record Document(@JacksonXmlElementWrapper(useWrapping = false)
                    @JacksonXmlProperty(localName = "entry") List<Entry> entries) {}

    record Entry(String sha256, @JacksonXmlProperty(localName = "added-by") String addedBy,
                 @JacksonXmlProperty(localName = "added-at") String addedAt,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "reference-group") List<String> referenceGroups,
                 String description) {}

    private SignatureDatabaseDocument() {
    }

    /** Reads and validates the document; every error names the file, {@code [line:col]} and element path. */
    public static List<SignatureEntry> read(Path file) throws XmlDocumentException {
        return entries(XmlDocumentReader.forSchema(GatehouseSchema.SIGNATURE_DATABASE).readDocument(file, Document.class));
    }

    /** Reads and validates the document held in memory, naming it {@code source} in errors. */
    public static List<SignatureEntry> parse(String source, byte[] content) throws XmlDocumentException {
        return entries(XmlDocumentReader.forSchema(GatehouseSchema.SIGNATURE_DATABASE).readDocument(source, content, Document.class));
    }

    private static List<SignatureEntry> entries(XmlDocument<Document> read) throws XmlDocumentException {
        Document document = read.model();
        List<SignatureEntry> entries = new ArrayList<>();
        List<Entry> raw = document == null || document.entries() == null ? List.of() : document.entries();
        for (int i = 0; i < raw.size(); i++) {
            entries.add(toEntry(read, i + 1, raw.get(i)));
        }
        return entries;
    }

    private static SignatureEntry toEntry(XmlDocument<Document> read, int position, Entry e) throws XmlDocumentException {
        try {
            return new SignatureEntry(e.sha256(), e.referenceGroups(), e.description(), e.addedBy(), Instant.parse(e.addedAt()));
        } catch (DateTimeParseException ex) {
            // the schema accepts any xs:dateTime; we store instants, so a zone is required
            throw read.problem("/signature-database/entry[" + position + "]",
                    "added-at [" + e.addedAt() + "] is not an instant in UTC such as 2026-01-31T12:00:00Z");
        } catch (IllegalArgumentException ex) {
            // what the entry itself refuses, at the entry's place like every other error of the document
            throw read.problem("/signature-database/entry[" + position + "]", ex.getMessage());
        }
    }

    /** Serializes the entries as a document that {@link #read} accepts. */
    public static byte[] write(List<SignatureEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("", "signature-database", NS);
            xml.writeDefaultNamespace(NS);
            for (SignatureEntry entry : entries) {
                writeEntry(xml, entry);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot serialize the signature database", e);
        }
        return out.toByteArray();
    }

    private static void writeEntry(XMLStreamWriter xml, SignatureEntry entry) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement(NS, "entry");
        xml.writeAttribute("sha256", entry.sha256());
        xml.writeAttribute("added-by", entry.addedBy());
        xml.writeAttribute("added-at", entry.addedAt().toString());
        for (String group : entry.referenceGroups()) {
            writeTextElement(xml, "reference-group", group);
        }
        if (!entry.description().isEmpty()) {
            writeTextElement(xml, "description", entry.description());
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void writeTextElement(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement(NS, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
