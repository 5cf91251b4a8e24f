package org.gatehouse.flow.engine.api;

import java.util.List;

/**
 * The flows document in force: its generation (1 for the first document applied, one more per
 * replacement), its text, its message types in classification order and its flows.
 */
public record FlowsView(long generation, String document, List<MessageTypeView> messageTypes, List<FlowView> flows) {
    public FlowsView {
        messageTypes = List.copyOf(messageTypes);
        flows = List.copyOf(flows);
    }

    /** One message type: its name, the flow it runs, and how many messages it has classified. */
    public record MessageTypeView(String name, String flow, long messages) {
    }

    /** One flow: its name and its steps, each as {@code bladelet} or {@code extension:bladelet}. */
    public record FlowView(String name, List<String> steps) {
        public FlowView {
            steps = List.copyOf(steps);
        }
    }
}
