package org.gatehouse.flow.engine.api;

import java.util.List;

/**
 * The outcome of checking a flows document: errors prevent its use (each names file, position or
 * element path and the reason); warnings do not (e.g. a step whose extension is installed but stopped).
 */
public record FlowValidation(List<String> errors, List<String> warnings) {
    public FlowValidation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
