package org.gatehouse.runtime.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.gatehouse.runtime.config.LogSettings;

/**
 * Configures {@code java.util.logging} for the whole process: one logfmt stream
 * ({@link LogfmtFormatter}) to standard output and to rotating files
 * {@code <log dir>/gatehouse.log}, {@code gatehouse.log.1}, ... Bundles log through
 * {@link System.Logger}, which the JDK backs with {@code java.util.logging}; the OSGi log
 * arrives through the platform-logging bundle; Felix's own messages through {@link FelixLogBridge}.
 *
 * <pre>{@code
 * LoggingSetup.apply(settings.log());
 * }</pre>
 */
public final class LoggingSetup {
    private LoggingSetup() {
    }

    /** Replaces any JUL configuration with Gatehouse's; fails if the log folder cannot be written. */
    public static void apply(LogSettings settings) throws IOException {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(settings.level());
        Files.createDirectories(settings.directory());
        root.addHandler(fileHandler(settings));
        if (settings.toStdout()) {
            root.addHandler(stdoutHandler(settings));
        }
    }

    /** Flushes and closes Gatehouse's handlers; the last thing done before the process exits. */
    public static void close() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
            handler.close();
        }
    }

    private static Handler fileHandler(LogSettings settings) throws IOException {
        Handler handler = new RotatingFileHandler(settings.file(), settings.fileSizeBytes(), settings.fileCount(), new LogfmtFormatter());
        handler.setLevel(settings.level());
        return handler;
    }

    private static Handler stdoutHandler(LogSettings settings) {
        // the console names causes; the log file has the stack traces
        Handler handler = new StdoutHandler(LogfmtFormatter.withoutStackTraces());
        handler.setLevel(settings.stdoutLevel());
        return handler;
    }
}
