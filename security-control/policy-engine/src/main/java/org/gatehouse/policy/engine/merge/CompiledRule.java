package org.gatehouse.policy.engine.merge;

import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;

/**
 * A system-policy or extension permission ready for matching: variables expanded for one
 * codebase, name and actions canonical. {@code label} is how decisions name it, e.g.
 * {@code restriction: runtime exitVM}.
 */
public record CompiledRule(Permission permission, PolicyEntry source, String label) {
}
