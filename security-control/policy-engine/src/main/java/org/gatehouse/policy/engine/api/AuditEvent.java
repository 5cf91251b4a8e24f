package org.gatehouse.policy.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing the control module did that someone may have to account for: a policy swap with the
 * permissions it granted and revoked, a denial, a rejected permission. The one audit shape of the
 * policy engine; a later sink chains them by hash.
 *
 * @param time    when it happened
 * @param action  what happened: {@code policy.swap}, {@code sandbox.denied}, {@code policy.rejected}, {@code sandbox.allowed}, ...
 * @param subject whom it concerns: a codebase id, or {@code system} for a whole-policy event
 * @param summary one line for a person
 * @param details one line per item (a permission granted, revoked, rejected...)
 */
public record AuditEvent(Instant time, String action, String subject, String summary, List<String> details) {

    public static final String POLICY_SWAP = "policy.swap";
    public static final String SANDBOX_DENIED = "sandbox.denied";
    public static final String POLICY_REJECTED = "policy.rejected";
    /** A permission use allowed to an extension at the higher audit level of a conditional enable. @since 2.2 */
    public static final String SANDBOX_ALLOWED = "sandbox.allowed";
    /** How many events of an extension at the higher audit level passed its budget and were only counted. @since 2.2 */
    public static final String AUDIT_DROPPED = "audit.dropped";

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(summary, "summary");
        details = List.copyOf(details);
    }
}
