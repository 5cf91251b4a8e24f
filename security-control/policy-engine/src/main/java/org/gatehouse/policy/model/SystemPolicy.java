package org.gatehouse.policy.model;

import java.util.List;

/**
 * The vendor's system policy (SPEC 5.1) as read from its document: default grants every
 * extension has, overridable elements saying what an extension's own policy may add, restrictions
 * no extension may ever have, and the platform packages extensions may import. Permission names
 * still hold their {@code ${...}} variables; they are expanded per codebase when merged.
 */
public record SystemPolicy(String source, List<PolicyEntry> defaultGrants, List<Overridable> overridables,
                           List<PolicyEntry> restrictions, List<String> allowedPackages) {

    public SystemPolicy {
        defaultGrants = List.copyOf(defaultGrants);
        overridables = List.copyOf(overridables);
        restrictions = List.copyOf(restrictions);
        allowedPackages = List.copyOf(allowedPackages);
    }

    /** A policy that grants nothing and allows nothing to be added: what applies when the real one is broken. */
    public static SystemPolicy denyAll(String source) {
        return new SystemPolicy(source, List.of(), List.of(), List.of(), List.of());
    }
}
