package org.gatehouse.channels.policy;

import java.util.Objects;

/**
 * What a qualified channel must keep to.
 *
 * @param mustEncrypt whether the channel's traffic between elements must be sealed with its own key
 * @param audit       what the channel records in the audit record
 * @param commands    the commands it may carry
 */
public record Qualifications(boolean mustEncrypt, AuditLevel audit, CommandFilter commands) {
    /** What a plain enable carries: no encryption demanded, denials audited, every command. */
    public static final Qualifications NONE = new Qualifications(false, AuditLevel.DENIALS, CommandFilter.UNRESTRICTED);

    public Qualifications {
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(commands, "commands");
    }
}
