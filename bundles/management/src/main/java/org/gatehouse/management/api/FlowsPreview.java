package org.gatehouse.management.api;

import java.util.List;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * What replacing the flows document changes, in the lines a {@code flows.replace} rendering
 * shows (docs/management.md "The rendering"), for the other kinds of change that replace it
 * (a {@code flows.xml} edited by hand).
 */
public final class FlowsPreview {
    private FlowsPreview() {
    }

    /**
     * Every difference {@code flows} finds between the document in force and {@code document}
     * (read as {@code source}), a line each, as {@code flows.replace} renders them.
     */
    public static List<String> lines(FlowService flows, String source, byte[] document)
            throws XmlDocumentException, FlowConfigurationException {
        return FlowChanges.lines(flows.current().generation(), flows.differences(source, document));
    }
}
