package org.gatehouse.audit.log.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int limit;
    /** File offset of {@code buffer[0]}. */
    private long bufferOffset;
    private long tornTail;
    private long end;
    private boolean atEnd;

    public LineReader(Path file, int maxLine) throws IOException {
        this.in = Files.newInputStream(file);
        this.maxLine = maxLine;
    }

    /** The next complete line, or null at the end (after which {@link #tornTail()} is known). */
    public Line next() throws IOException {
        if (atEnd) {
            return null;
        }
        long lineOffset = bufferOffset + start;
        byte[] line = new byte[0];
        long length = 0;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    line = append(line, length, i - start);
                    start = i + 1;
                    end = bufferOffset + start;
                    return new Line(lineOffset, line);
                }
            }
            line = append(line, length, limit - start);
            length += limit - start;
            if (!fill()) {
                tornTail = length;
                end = lineOffset;
                atEnd = true;
                return null;
            }
        }
    }

    /** Adds {@code buffer[start, start + count)} to the line, keeping at most {@code maxLine} bytes. */
    private byte[] append(byte[] line, long lengthSoFar, int count) {
        int room = (int) Math.max(0, Math.min(count, maxLine - lengthSoFar));
        if (room == 0) {
            return line;
        }
        byte[] longer = Arrays.copyOf(line, line.length + room);
        System.arraycopy(buffer, start, longer, line.length, room);
        return longer;
    }

    /** Reads the next block; false at the end of the file. */
    private boolean fill() throws IOException {
        bufferOffset += limit;
        start = 0;
        limit = 0;
        int n = in.readNBytes(buffer, 0, buffer.length);
        limit = n;
        return n > 0;
    }

    /** Bytes after the last newline, once {@link #next()} returned null. */
    public long tornTail() {
        return tornTail;
    }

    /** Offset just after the last complete line, once {@link #next()} returned null. */
    public long end() {
        return end;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
