package org.gatehouse.policy.engine.model;

import java.util.List;

/** What one extension asks for: permissions only, never restrictions (docs/policy-language.md "Extension policies"). */
public record ExtensionPolicy(String source, List<PolicyEntry> permissions) {

    public ExtensionPolicy {
        permissions = List.copyOf(permissions);
    }

    /** The policy of an extension that asks for nothing. */
    public static ExtensionPolicy none(String source) {
        return new ExtensionPolicy(source, List.of());
    }
}
