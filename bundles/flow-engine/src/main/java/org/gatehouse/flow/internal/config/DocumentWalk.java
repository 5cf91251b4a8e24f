package org.gatehouse.flow.internal.config;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.gatehouse.flow.internal.config.FlowsConfig.Position;
import org.gatehouse.flow.spi.CredentialLocation;

/**
 * A second pass over an already validated flows document: where each element starts (keyed by
 * the paths the schema reader uses, {@code /flows/flow[2]/step[1]}), so that semantic errors name
 * a line and column as schema errors do; and each message type's {@code <credentials>} children
 * in document order, which a binding by element name would lose.
 */
final class DocumentWalk {
    private final Map<String, int[]> starts = new HashMap<>();
    private final Map<String, List<CredentialLocation>> credentials = new HashMap<>();

    private DocumentWalk() {
    }

    /** Walks the document; one that cannot be read gives no positions and no credentials. */
    static DocumentWalk of(byte[] document) {
        DocumentWalk walk = new DocumentWalk();
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        // the document was validated with DTDs refused; keep this second pass just as closed
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            walk.walk(factory.createXMLStreamReader(new ByteArrayInputStream(document)));
        } catch (XMLStreamException e) {
            // positions are a courtesy; the caller still reports the path
        }
        return walk;
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
                // after a run of bare CRs the JDK reader's column goes negative: at least 1
                starts.put(path, new int[] {reader.getLocation().getLineNumber(), Math.max(1, reader.getLocation().getColumnNumber())});
                if (parent != null && parent.endsWith("]") && parent.substring(parent.lastIndexOf('/')).startsWith("/credentials[")) {
                    credentials.computeIfAbsent(parent.substring(0, parent.lastIndexOf('/')), k -> new ArrayList<>())
                            .add(location(local, reader));
                }
                paths.push(path);
                counts.push(new HashMap<>());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                paths.pop();
                counts.pop();
            }
        }
    }

    private static CredentialLocation location(String kind, XMLStreamReader reader) {
        // the schema declares no defaults for credential locations: as written is complete
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
        }
        return new CredentialLocation(kind, attributes);
    }

    Position position(String path) {
        int[] at = starts.get(path);
        return at == null ? new Position(path, 0, 0) : new Position(path, at[0], at[1]);
    }

    /** The credential locations of the message type at that path, in document order. */
    List<CredentialLocation> credentials(String messageTypePath) {
        return List.copyOf(credentials.getOrDefault(messageTypePath, List.of()));
    }
}
