package org.gatehouse.channels.policy;

/** What a qualified channel records in the audit record: nothing, its refused commands, or every command. */
public enum AuditLevel {
    NONE,
    DENIALS,
    ALL
}
