package org.gatehouse.dataplane.config;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Where each element of an already validated document starts, keyed by the same paths the
 * schema reader uses ({@code /element/listener[2]/tls[1]}), so that semantic errors can name
 * a line and column as schema errors do.
 */
final class ElementPositions {
    private final Map<String, int[]> starts;

    private ElementPositions(Map<String, int[]> starts) {
        this.starts = starts;
    }

    /** Indexes the document; a document that cannot be read gives an empty index. */
    static ElementPositions of(byte[] document) {
        Map<String, int[]> starts = new HashMap<>();
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        // The document was validated with DTDs refused; keep this second pass just as closed.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(document));
            walk(reader, starts);
        } catch (XMLStreamException e) {
            // positions are a courtesy; the caller still reports the path
        }
        return new ElementPositions(starts);
    }

    private static void walk(XMLStreamReader reader, Map<String, int[]> starts) throws XMLStreamException {
        Deque<String> paths = new ArrayDeque<>();
        Deque<Map<String, Integer>> counts = new ArrayDeque<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String local = reader.getLocalName();
                String path = paths.isEmpty() ? "/" + local
                        : paths.peek() + "/" + local + "[" + counts.peek().merge(local, 1, Integer::sum) + "]";
                starts.put(path, new int[] {reader.getLocation().getLineNumber(), reader.getLocation().getColumnNumber()});
                paths.push(path);
                counts.push(new HashMap<>());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                paths.pop();
                counts.pop();
            }
        }
    }

    /** One-based line of the element's start tag, or 0 when unknown. */
    int line(String path) {
        int[] at = starts.get(path);
        return at == null ? 0 : at[0];
    }

    /** Column just after the element's start tag, as the schema validator reports it, or 0. */
    int column(String path) {
        int[] at = starts.get(path);
        return at == null ? 0 : at[1];
    }
}
