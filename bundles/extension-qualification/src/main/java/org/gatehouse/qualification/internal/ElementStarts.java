package org.gatehouse.qualification.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.gatehouse.schemas.XmlDocumentException;

/**
 * Where each element of an already validated document starts, keyed by the element paths the
 * schema reader reports ({@code /qualification-rules/rule[2]}), so that a check made after the
 * schema names a line and column as the schema's own errors do. Walked only when such a check
 * fails.
 *
 * <pre>{@code
 * throw ElementStarts.of(file).problem("qualification-rules.xml", "/qualification-rules/rule[2]", "reason");
 * }</pre>
 */
public final class ElementStarts {
    private final Map<String, int[]> starts = new HashMap<>();

    private ElementStarts() {
    }

    /** The positions in a file; one that cannot be read again gives none (the path is still reported). */
    public static ElementStarts of(Path file) {
        try {
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            return new ElementStarts();
        }
    }

    /** The positions in a document held in memory; one that cannot be walked gives none. */
    public static ElementStarts of(byte[] document) {
        ElementStarts positions = new ElementStarts();
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        // the document was validated with DTDs refused; keep this second pass just as closed
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            positions.walk(factory.createXMLStreamReader(new ByteArrayInputStream(document)));
        } catch (XMLStreamException e) {
            // positions are a courtesy; the caller still reports the path
        }
        return positions;
    }

    private void walk(XMLStreamReader reader) throws XMLStreamException {
        Deque<String> paths = new ArrayDeque<>();
        Deque<Map<String, Integer>> counts = new ArrayDeque<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String local = reader.getLocalName();
                String parent = paths.peek();
                String path = parent == null ? "/" + local
                        : parent + "/" + local + "[" + counts.peek().merge(local, 1, Integer::sum) + "]";
                starts.put(path, new int[] {reader.getLocation().getLineNumber(), reader.getLocation().getColumnNumber()});
                paths.push(path);
                counts.push(new HashMap<>());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                paths.pop();
                counts.pop();
            }
        }
    }

    /** The error at the start of the element at {@code path}, or without a position when it is not known. */
    public XmlDocumentException problem(String source, String path, String reason) {
        int[] at = starts.getOrDefault(path, new int[] {0, 0});
        return new XmlDocumentException(source, at[0], at[1], path, reason);
    }
}
