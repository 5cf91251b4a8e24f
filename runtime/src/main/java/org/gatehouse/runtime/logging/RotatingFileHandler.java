package org.gatehouse.runtime.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import org.gatehouse.sandbox.bridge.Privileged;

/**
 * Appends formatted records to one file ({@code gatehouse.log}) and rotates it when the next
 * record would take it past the size limit: {@code gatehouse.log} becomes {@code gatehouse.log.1},
 * {@code .1} becomes {@code .2} and so on, keeping {@code count} files in all. The JDK's
 * {@code FileHandler} cannot keep the live file's name fixed (it always appends a generation
 * number) and leaves {@code .lck} files behind after {@code kill -9}; this one does neither. Each
 * record is written and flushed on its own, so a crash loses no logged line.
 */
public final class RotatingFileHandler extends ControlledHandler {
    private final Path file;
    private final long limit;
    private final int count;
    private OutputStream out;
    private long written;

    /**
     * @param limit bytes after which the file is rotated
     * @param count files kept, the live one included; 1 means the live file is emptied instead
     */
    public RotatingFileHandler(Path file, long limit, int count, Formatter formatter) throws IOException {
        if (limit < 1 || count < 1) {
            throw new IllegalArgumentException("limit and count must be positive, got " + limit + " and " + count);
        }
        this.file = file;
        this.limit = limit;
        this.count = count;
        setFormatter(formatter);
        open();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (out == null || !isLoggable(record)) {
            return;
        }
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            if (written > 0 && written + line.length > limit) {
                rotateForAnyCaller();
            }
            out.write(line);
            out.flush();
            written += line.length;
        } catch (IOException e) {
            reportError("cannot write " + file, e, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                reportError("cannot flush " + file, e, ErrorManager.FLUSH_FAILURE);
            }
        }
    }

    @Override
    protected synchronized void closeStream() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                reportError("cannot close " + file, e, ErrorManager.CLOSE_FAILURE);
            }
            out = null;
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        written = Files.size(file);
    }

    /**
     * Any code may log, an extension's included, and the record that fills the file rotates it on
     * the logging thread: the rotation is the handler's own work on its own files, whoever logged
     * (a privileged boundary, docs/sandbox.md).
     */
    private void rotateForAnyCaller() throws IOException {
        try {
            Privileged.call(() -> {
                rotate();
                return null;
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void rotate() throws IOException {
        out.close();
        for (int generation = count - 1; generation >= 1; generation--) {
            Path older = generation == 1 ? file : numbered(generation - 1);
            if (Files.exists(older)) {
                Files.move(older, numbered(generation), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (count == 1) {
            Files.deleteIfExists(file);
        }
        open();
    }

    private Path numbered(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }
}
