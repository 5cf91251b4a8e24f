package org.gatehouse.runtime.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes each record to the process's real standard output, whatever {@code System.out} is set
 * to later, and flushes it at once.
 */
final class StdoutHandler extends ControlledHandler {
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);

    StdoutHandler(Formatter formatter) {
        setFormatter(formatter);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            out.write(getFormatter().format(record).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportError("cannot write a log record to standard output", e, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError("cannot flush standard output", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    protected synchronized void closeStream() {
        flush(); // standard output stays open for the process's last words
    }
}
