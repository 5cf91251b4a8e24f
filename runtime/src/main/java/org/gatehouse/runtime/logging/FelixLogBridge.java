package org.gatehouse.runtime.logging;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Receives the Felix framework's own log messages (Felix takes an instance of its
 * {@link org.apache.felix.framework.Logger} in the framework property {@code felix.log.logger})
 * and writes them to {@code java.util.logging} under the logger {@code org.apache.felix.framework},
 * instead of Felix's default of printing to standard output. Felix's levels are 1 error,
 * 2 warning, 3 info, 4 debug.
 */
public final class FelixLogBridge extends org.apache.felix.framework.Logger {
    private static final Logger LOGGER = Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference reference, int level, String message, Throwable thrown) {
        String where = bundle == null ? "" : " [bundle " + bundle.getSymbolicName() + " " + bundle.getBundleId() + "]";
        LOGGER.log(julLevel(level), message + where, thrown);
    }

    @Override
    protected void doLog(int level, String message, Throwable thrown) {
        LOGGER.log(julLevel(level), message, thrown);
    }

    /**
     * The Felix level that lets through what {@code level} would show. Felix's debug level
     * reports every wire of every bundle; that is trace, not debug.
     */
    public static int felixLevel(Level level) {
        int value = level.intValue();
        if (value < Level.FINE.intValue()) {
            return 4;
        }
        if (value <= Level.INFO.intValue()) {
            return 3;
        }
        return value <= Level.WARNING.intValue() ? 2 : 1;
    }

    static Level julLevel(int felixLevel) {
        return switch (felixLevel) {
            case 1 -> Level.SEVERE;
            case 2 -> Level.WARNING;
            case 3 -> Level.INFO;
            default -> Level.FINE;
        };
    }
}
