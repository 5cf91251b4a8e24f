package org.gatehouse.flow.api;

import java.util.List;

/** A flows document that is valid XML but cannot be used; {@link #errors()} says each reason. */
public class FlowConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public FlowConfigurationException(String source, List<String> errors) {
        super(source + ": " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
