package org.gatehouse.flow.engine.api;

import java.util.List;

/** A flows document that is valid XML but cannot be used; {@link #errors()} says each reason. */
public class FlowConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public FlowConfigurationException(String source, List<String> errors) {
        super(message(source, errors));
        this.errors = List.copyOf(errors);
    }

    /** The errors, each prefixed with the source unless it already names it (as the readers' errors do). */
    private static String message(String source, List<String> errors) {
        return String.join("; ", errors.stream().map(e -> e.startsWith(source) ? e : source + ": " + e).toList());
    }

    public List<String> errors() {
        return errors;
    }
}
