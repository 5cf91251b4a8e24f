package org.gatehouse.management.command;

/**
 * Where the command book records renderings and statuses: the element's tamper-evident audit log
 * (docs/management.md "Audit"). An append that cannot be made durable throws, and the command book
 * then refuses what it was about to do.
 */
@FunctionalInterface
public interface CommandAudit {
    /** The kind of record holding a rendering exactly as a person answered it. */
    String RENDERING = "command.rendering";
    /** The kind of record holding a state a command reached. */
    String STATUS = "command.status";

    /** Appends a record once it is durable; throws (any runtime exception) when it cannot. */
    void record(String kind, String actor, String subject, String payload);
}
