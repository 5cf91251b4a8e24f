package org.gatehouse.policy.merge;

import org.gatehouse.policy.spi.Permission;
import org.gatehouse.policy.model.PolicyEntry;

/**
 * A system-policy or extension permission ready for matching: variables expanded for one
 * codebase, name and actions canonical. {@code label} is how decisions name it, e.g.
 * {@code restriction: runtime exitVM}.
 */
public record CompiledRule(Permission permission, PolicyEntry source, String label) {
}
