package org.gatehouse.auditlog.internal.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file of newline-terminated lines one at a time, with each line's offset. The bytes after
 * the last newline are not a line: they are the torn tail of a write that did not finish, which
 * {@link #tornTail()} reports once the lines are read. A line longer than the limit is returned cut
 * at the limit (and then does not parse).
 */
public final class LineReader implements AutoCloseable {
    /** One line: where it starts in the file, and its bytes without the newline. */
    public record Line(long offset, byte[] bytes) {
    }

    private final InputStream in;
    private final int maxLine;
    private long position;
    private long tornTail;

    public LineReader(Path file, int maxLine) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        this.maxLine = maxLine;
    }

    /** The next complete line, or null at the end (after which {@link #tornTail()} is known). */
    public Line next() throws IOException {
        long start = position;
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long length = 0;
        int b;
        while ((b = in.read()) != -1) {
            position++;
            if (b == '\n') {
                return new Line(start, line.toByteArray());
            }
            if (length++ < maxLine) {
                line.write(b);
            }
        }
        tornTail = position - start;
        return null;
    }

    /** Bytes after the last newline, once {@link #next()} returned null. */
    public long tornTail() {
        return tornTail;
    }

    /** Offset just after the last complete line, once {@link #next()} returned null. */
    public long end() {
        return position - tornTail;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
