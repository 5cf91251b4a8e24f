package org.gatehouse.policy.engine.audit;

import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes each audit event as one line to the {@code org.gatehouse.audit} System.Logger (which
 * the launcher routes to the element's log): {@code audit action=... subject=... summary="..."}
 * and the details after it.
 */
public final class LoggerAuditSink implements AuditSink {
    private final Logger logger;

    public LoggerAuditSink() {
        this(System.getLogger("org.gatehouse.audit"));
    }

    public LoggerAuditSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void record(AuditEvent event) {
        Level level = event.action().equals(AuditEvent.SANDBOX_DENIED) ? Level.WARNING : Level.INFO;
        if (!logger.isLoggable(level)) {
            return;
        }
        StringBuilder line = new StringBuilder("audit time=").append(event.time())
                .append(" action=").append(event.action())
                .append(" subject=").append(event.subject())
                .append(" summary=\"").append(event.summary().replace("\"", "'")).append('"');
        for (String detail : event.details()) {
            line.append("\n  ").append(detail);
        }
        logger.log(level, line.toString());
    }
}
