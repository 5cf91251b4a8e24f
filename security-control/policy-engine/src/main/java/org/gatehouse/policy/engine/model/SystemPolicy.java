package org.gatehouse.policy.engine.model;

import java.util.List;
import org.gatehouse.policy.engine.api.SystemPolicyView;

/**
 * The vendor's system policy (docs/policy-language.md "The system policy") as read from its document: default grants every
 * extension has, overridable elements saying what an extension's own policy may add, restrictions
 * no extension may ever have, the platform packages extensions may import, and the thread budget:
 * how many live threads one extension may have started (docs/policy-language.md "The thread budget"). Permission names still hold
 * their {@code ${...}} variables; they are expanded per codebase when merged.
 */
public record SystemPolicy(String source, List<PolicyEntry> defaultGrants, List<Overridable> overridables,
                           List<PolicyEntry> restrictions, List<String> allowedPackages, int maxThreadsPerExtension) {
    /** The schema's default for {@code max-threads-per-extension}. */
    public static final int DEFAULT_MAX_THREADS_PER_EXTENSION = 16;

    public SystemPolicy {
        defaultGrants = List.copyOf(defaultGrants);
        overridables = List.copyOf(overridables);
        restrictions = List.copyOf(restrictions);
        allowedPackages = List.copyOf(allowedPackages);
        if (maxThreadsPerExtension < 1) {
            throw new IllegalArgumentException("max-threads-per-extension must be at least 1, not " + maxThreadsPerExtension);
        }
    }

    /** A policy with the default thread budget. */
    public SystemPolicy(String source, List<PolicyEntry> defaultGrants, List<Overridable> overridables,
                        List<PolicyEntry> restrictions, List<String> allowedPackages) {
        this(source, defaultGrants, overridables, restrictions, allowedPackages, DEFAULT_MAX_THREADS_PER_EXTENSION);
    }

    /** A policy that grants nothing and allows nothing to be added: what applies when the real one is broken. */
    public static SystemPolicy denyAll(String source) {
        return new SystemPolicy(source, List.of(), List.of(), List.of(), List.of());
    }

    /** This vendor policy as the control module's API shows it. */
    public SystemPolicyView view() {
        return new SystemPolicyView(source, entries(defaultGrants),
                overridables.stream().map(o -> new SystemPolicyView.Overridable(
                        o.codebases().stream().map(Object::toString).toList(), entries(o.permissions()), o.origin())).toList(),
                entries(restrictions), allowedPackages, maxThreadsPerExtension);
    }

    private static List<SystemPolicyView.Entry> entries(List<PolicyEntry> entries) {
        return entries.stream().map(e -> new SystemPolicyView.Entry(e.permission().toString(), e.origin())).toList();
    }
}
