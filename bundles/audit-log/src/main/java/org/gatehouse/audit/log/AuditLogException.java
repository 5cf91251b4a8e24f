package org.gatehouse.audit.log;

/**
 * The audit log could not do what was asked: a record not made durable, a log that does not verify
 * when opened, a key that cannot be used. The caller must treat the event as not recorded.
 */
public class AuditLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditLogException(String message) {
        super(message);
    }

    public AuditLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
