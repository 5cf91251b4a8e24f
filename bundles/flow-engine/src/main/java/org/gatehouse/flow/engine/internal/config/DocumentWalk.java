package org.gatehouse.flow.engine.internal.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamReader;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Position;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.policy.schemas.ElementPositions;

/**
 * A second pass over an already validated flows document: where each element starts
 * ({@link ElementPositions}), so that semantic errors name a line and column as schema errors
 * do; and each message type's {@code <credentials>} children in document order, which a binding
 * by element name would lose.
 */
final class DocumentWalk implements ElementPositions.StartListener {
    private final Map<String, List<CredentialLocation>> credentials = new HashMap<>();
    private ElementPositions positions;

    private DocumentWalk() {
    }

    /** Walks the document; one that cannot be read gives no positions and no credentials. */
    static DocumentWalk of(byte[] document) {
        DocumentWalk walk = new DocumentWalk();
        walk.positions = ElementPositions.of(document, walk);
        return walk;
    }

    @Override
    public void started(String path, String parent, XMLStreamReader reader) {
        if (parent != null && parent.endsWith("]") && parent.substring(parent.lastIndexOf('/')).startsWith("/credentials[")) {
            credentials.computeIfAbsent(parent.substring(0, parent.lastIndexOf('/')), k -> new ArrayList<>())
                    .add(location(reader.getLocalName(), reader));
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
        return new Position(path, positions.line(path), positions.column(path));
    }

    /** The credential locations of the message type at that path, in document order. */
    List<CredentialLocation> credentials(String messageTypePath) {
        return List.copyOf(credentials.getOrDefault(messageTypePath, List.of()));
    }
}
