package org.gatehouse.platform.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class ForwardedRecordTest {

    @Test
    void entryFromLogServiceGoesToTheLoggerNamedAfterItsBundle() {
        ForwardedRecord record = ForwardedRecord.of(entry("org.apache.felix.scr", "LogService", LogLevel.ERROR, "activate failed", null));

        assertEquals("org.apache.felix.scr", record.loggerName());
        assertEquals(Level.ERROR, record.level());
        assertEquals("activate failed", record.message());
    }

    @Test
    void felixLogServiceLoggerNameIsReplacedByTheBundleName() {
        ForwardedRecord record = ForwardedRecord.of(entry("org.apache.felix.scr", "LogService.org.apache.felix.scr", LogLevel.INFO, "x", null));

        assertEquals("org.apache.felix.scr", record.loggerName());
        assertEquals("x", record.message());
    }

    @Test
    void namedLoggerKeepsItsNameAndTheMessageNamesTheBundle() {
        ForwardedRecord record = ForwardedRecord.of(entry("com.acme.thing", "com.acme.Thing", LogLevel.WARN, "slow", null));

        assertEquals("com.acme.Thing", record.loggerName());
        assertEquals(Level.WARNING, record.level());
        assertEquals("slow [bundle com.acme.thing]", record.message());
    }

    @Test
    void eventLoggersAlreadyNameTheBundle() {
        ForwardedRecord record = ForwardedRecord.of(entry("com.acme.thing", "Events.Bundle.com.acme.thing", LogLevel.INFO, "BundleEvent STARTED", null));

        assertEquals("Events.Bundle.com.acme.thing", record.loggerName());
        assertEquals("BundleEvent STARTED", record.message());
    }

    @Test
    void routineFrameworkEventsAreDemotedToDebugButErrorsAreNot() {
        assertEquals(Level.DEBUG, ForwardedRecord.of(entry("a", "Events.Bundle", LogLevel.INFO, "BundleEvent STARTED", null)).level());
        assertEquals(Level.DEBUG, ForwardedRecord.of(entry("a", "Events.Service", LogLevel.DEBUG, "ServiceEvent MODIFIED", null)).level());
        assertEquals(Level.ERROR, ForwardedRecord.of(entry("a", "Events.Framework", LogLevel.ERROR, "FrameworkEvent ERROR", null)).level());
        assertEquals(Level.WARNING, ForwardedRecord.of(entry("a", "Events.Framework", LogLevel.WARN, "FrameworkEvent WARNING", null)).level());
    }

    @Test
    void everyOsgiLevelHasAJdkLevel() {
        assertEquals(Level.INFO, ForwardedRecord.level(LogLevel.AUDIT, "x"));
        assertEquals(Level.INFO, ForwardedRecord.level(LogLevel.INFO, "x"));
        assertEquals(Level.DEBUG, ForwardedRecord.level(LogLevel.DEBUG, "x"));
        assertEquals(Level.TRACE, ForwardedRecord.level(LogLevel.TRACE, "x"));
        assertEquals(Level.INFO, ForwardedRecord.level(null, "x"));
    }

    @Test
    void thrownTravelsWithTheRecordAndMissingPartsGetNames() {
        IllegalStateException boom = new IllegalStateException("boom");
        ForwardedRecord record = ForwardedRecord.of(entry(null, null, LogLevel.ERROR, null, boom));

        assertSame(boom, record.thrown());
        assertEquals("osgi", record.loggerName());
        assertEquals("", record.message());
    }

    private static LogEntry entry(String bundleName, String loggerName, LogLevel level, String message, Throwable thrown) {
        Bundle bundle = bundleName == null ? null : (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> bundleName;
                    case "getBundleId" -> 7L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new LogEntry() {
            @Override public Bundle getBundle() { return bundle; }
            @Override public ServiceReference<?> getServiceReference() { return null; }
            @SuppressWarnings("deprecation") @Override public int getLevel() { return level == null ? 3 : level.ordinal(); }
            @Override public String getMessage() { return message; }
            @Override public Throwable getException() { return thrown; }
            @Override public long getTime() { return 0; }
            @Override public LogLevel getLogLevel() { return level; }
            @Override public String getLoggerName() { return loggerName; }
            @Override public long getSequence() { return 1; }
            @Override public String getThreadInfo() { return "main"; }
            @Override public StackTraceElement getLocation() { return null; }
        };
    }
}
