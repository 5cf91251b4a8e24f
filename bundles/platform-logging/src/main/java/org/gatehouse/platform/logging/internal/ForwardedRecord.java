package org.gatehouse.platform.logging.internal;

import java.lang.System.Logger.Level;
import java.util.Objects;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/**
 * One OSGi log entry as it is handed to {@link System.Logger}: the logger it goes to, its level,
 * its message and what was thrown.
 *
 * <p>The OSGi Log Service names entries from the old {@code LogService.log(...)} methods
 * {@code "LogService"} (OSGi Compendium 101.4; Felix Log appends the bundle's symbolic name);
 * such entries go to a logger named after the bundle that logged them, which says more. Framework, bundle and service events arrive under
 * {@code Events.*} logger names (101.6); below WARN they are routine and are demoted to DEBUG
 * so that they do not flood the INFO stream.
 *
 * <pre>{@code
 * ForwardedRecord record = ForwardedRecord.of(entry);
 * System.getLogger(record.loggerName()).log(record.level(), record.message(), record.thrown());
 * }</pre>
 */
public record ForwardedRecord(String loggerName, Level level, String message, Throwable thrown) {

    /** The logger name the OSGi Log Service gives entries made through {@code LogService}. */
    static final String LOG_SERVICE_LOGGER = "LogService";

    private static final String EVENTS_PREFIX = "Events.";

    public ForwardedRecord {
        Objects.requireNonNull(loggerName, "loggerName");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** Translates one OSGi log entry. */
    public static ForwardedRecord of(LogEntry entry) {
        String bundleName = symbolicName(entry.getBundle());
        String osgiLogger = entry.getLoggerName();
        boolean namedByBundle = osgiLogger == null || osgiLogger.isEmpty() || LOG_SERVICE_LOGGER.equals(osgiLogger)
                || osgiLogger.startsWith(LOG_SERVICE_LOGGER + ".");
        String loggerName = namedByBundle ? bundleName : osgiLogger;
        String message = entry.getMessage() == null ? "" : entry.getMessage();
        if (!loggerName.endsWith(bundleName)) {
            // a named logger alone does not say which bundle logged (event loggers already do:
            // Felix Log names them Events.Bundle.<symbolic name>)
            message = message + " [bundle " + bundleName + "]";
        }
        return new ForwardedRecord(loggerName, level(entry.getLogLevel(), osgiLogger), message, entry.getException());
    }

    static Level level(LogLevel osgiLevel, String osgiLogger) {
        Level level = switch (osgiLevel == null ? LogLevel.INFO : osgiLevel) {
            case AUDIT, INFO -> Level.INFO;
            case ERROR -> Level.ERROR;
            case WARN -> Level.WARNING;
            case DEBUG -> Level.DEBUG;
            case TRACE -> Level.TRACE;
        };
        boolean routineEvent = osgiLogger != null && osgiLogger.startsWith(EVENTS_PREFIX)
                && level.getSeverity() < Level.WARNING.getSeverity();
        return routineEvent && level.getSeverity() > Level.DEBUG.getSeverity() ? Level.DEBUG : level;
    }

    private static String symbolicName(Bundle bundle) {
        if (bundle == null) {
            return "osgi";
        }
        String name = bundle.getSymbolicName();
        return name == null ? "bundle-" + bundle.getBundleId() : name;
    }
}
