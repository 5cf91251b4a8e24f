package org.gatehouse.policy.schemas;

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

/**
 * Where each element of an already validated document starts, keyed by the element paths
 * {@link XmlDocumentReader} reports ({@code /flows/flow[2]/step[1]}), found by a second pass over
 * the document. A reader that only needs positions takes them from the validating parse
 * ({@link XmlDocumentReader#readDocument}, {@link XmlDocument#problem}); this pass is for a reader
 * that must also see elements in document order (the flows reader's credential locations).
 *
 * <pre>{@code
 * ElementPositions positions = ElementPositions.of(bytes);
 * throw positions.problem("qualification-rules.xml", "/qualification-rules/rule[2]", "reason");
 * }</pre>
 */
public final class ElementPositions {
    /** Told of each element start as the walk meets it, for readers that need more than positions. */
    @FunctionalInterface
    public interface StartListener {
        /**
         * @param path       the element's path
         * @param parentPath its parent's path, null for the root
         * @param reader     positioned on the start tag (attributes readable)
         */
        void started(String path, String parentPath, XMLStreamReader reader);
    }

    private static final int[] UNKNOWN = {0, 0};
    private final Map<String, int[]> starts = new HashMap<>();

    private ElementPositions() {
    }

    /** The positions in a file; one that cannot be read again gives none (the path is still reported). */
    public static ElementPositions of(Path file) {
        try {
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            return new ElementPositions();
        }
    }

    /** The positions in a document held in memory; one that cannot be walked gives none. */
    public static ElementPositions of(byte[] document) {
        return of(document, null);
    }

    /** Like {@link #of(byte[])}, telling {@code listener} (when not null) of every element start. */
    public static ElementPositions of(byte[] document, StartListener listener) {
        ElementPositions positions = new ElementPositions();
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        // the document was validated with DTDs refused; keep this second pass just as closed
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            positions.walk(factory.createXMLStreamReader(new ByteArrayInputStream(document)), listener);
        } catch (XMLStreamException e) {
            // positions are a courtesy; the caller still reports the path
        }
        return positions;
    }

    private void walk(XMLStreamReader reader, StartListener listener) throws XMLStreamException {
        Deque<String> paths = new ArrayDeque<>();
        Deque<Map<String, Integer>> counts = new ArrayDeque<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String local = reader.getLocalName();
                String parent = paths.peek();
                String path = parent == null ? "/" + local
                        : parent + "/" + local + "[" + counts.peek().merge(local, 1, Integer::sum) + "]";
                // after a run of bare CRs the JDK reader's column goes negative: at least 1
                starts.put(path, new int[] {reader.getLocation().getLineNumber(), Math.max(1, reader.getLocation().getColumnNumber())});
                if (listener != null) {
                    listener.started(path, parent, reader);
                }
                paths.push(path);
                counts.push(new HashMap<>());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                paths.pop();
                counts.pop();
            }
        }
    }

    /** One-based line of the element's start tag, or 0 when unknown. */
    public int line(String path) {
        return starts.getOrDefault(path, UNKNOWN)[0];
    }

    /** Column just after the element's start tag, as the schema validator reports it, or 0 when unknown. */
    public int column(String path) {
        return starts.getOrDefault(path, UNKNOWN)[1];
    }

    /** The error at the start of the element at {@code path}, or without a position when it is not known. */
    public XmlDocumentException problem(String source, String path, String reason) {
        return new XmlDocumentException(source, line(path), column(path), path, reason);
    }
}
