package org.gatehouse.management.confirm;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One JSON object a line over a connected socket, with bounds: a line longer than {@code
 * maxLineBytes} is refused before more is read, each line must be complete within {@code
 * lineTimeout} of when it is awaited (a peer that trickles a byte at a time gains nothing), and a
 * write that the peer does not take within {@code writeTimeout} ends the connection. The channel is
 * non-blocking underneath, so no read or write waits past its deadline.
 */
final class LineChannel implements Closeable {
    /** A line longer than allowed. */
    static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLong(int limit) {
            super("a request line is at most " + limit + " bytes");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in;
    private final int maxLineBytes;
    private final Duration lineTimeout;
    private final Duration writeTimeout;

    LineChannel(SocketChannel channel, int maxLineBytes, Duration lineTimeout, Duration writeTimeout) throws IOException {
        this.channel = channel;
        this.maxLineBytes = maxLineBytes;
        this.lineTimeout = lineTimeout;
        this.writeTimeout = writeTimeout;
        // room for the longest line and its newline
        this.in = ByteBuffer.allocate(maxLineBytes + 1);
        channel.configureBlocking(false);
        this.selector = Selector.open();
    }

    /**
     * The next line without its {@code \n} (and a {@code \r} before it), or null when the peer
     * closed its side (a partial last line is dropped: it was never a request).
     */
    String readLine() throws IOException {
        long deadline = System.nanoTime() + lineTimeout.toNanos();
        while (true) {
            String line = takeLine();
            if (line != null) {
                return line;
            }
            if (!in.hasRemaining()) {
                throw new LineTooLong(maxLineBytes);
            }
            int read = channel.read(in);
            if (read < 0) {
                return null;
            }
            if (read == 0) {
                await(SelectionKey.OP_READ, deadline, "no complete request line within " + lineTimeout.toSeconds() + " s");
            }
        }
    }

    private String takeLine() throws IOException {
        for (int i = 0; i < in.position(); i++) {
            if (in.get(i) == '\n') {
                int end = i > 0 && in.get(i - 1) == '\r' ? i - 1 : i;
                byte[] bytes = new byte[end];
                in.get(0, bytes);
                // the rest (a pipelined next request) moves to the front
                in.flip().position(i + 1);
                in.compact();
                return decode(bytes);
            }
        }
        return null;
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        return chars.toString();
    }

    /** Writes one line ({@code \n} appended), all of it, or fails at the write deadline. */
    void writeLine(String line) throws IOException {
        ByteBuffer out = StandardCharsets.UTF_8.encode(line + "\n");
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline, "the peer did not take the answer within " + writeTimeout.toSeconds() + " s");
            }
        }
    }

    private void await(int operation, long deadline, String timedOut) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException(timedOut);
        }
        SelectionKey key = channel.register(selector, operation);
        try {
            selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
    }

    /**
     * Ends the connection so that the peer reads everything written: output is shut, then what
     * the peer still sends is read and dropped (at most {@code maxDrainBytes}, until {@code
     * drainTime}) before the close. Closing with unread input would reset the connection, and the
     * peer would lose the answer that says why it ends.
     */
    void finish(int maxDrainBytes, Duration drainTime) {
        try {
            channel.shutdownOutput();
            long deadline = System.nanoTime() + drainTime.toNanos();
            ByteBuffer sink = ByteBuffer.allocate(4096);
            int drained = 0;
            while (drained < maxDrainBytes) {
                sink.clear();
                int read = channel.read(sink);
                if (read < 0) {
                    return;
                }
                drained += read;
                if (read == 0) {
                    await(SelectionKey.OP_READ, deadline, "drained");
                }
            }
        } catch (IOException e) {
            // the peer is gone or took too long: close anyway
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
