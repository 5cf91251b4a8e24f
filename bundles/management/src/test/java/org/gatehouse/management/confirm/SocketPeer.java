package org.gatehouse.management.confirm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A client of the confirmation socket in the test's own process: one connection, lines in and out. */
final class SocketPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SocketChannel channel;
    private final BufferedReader in;

    SocketPeer(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    /** Sends one line, returns the answer line read as JSON. */
    JsonNode call(String line) throws IOException {
        send(line + "\n");
        return next();
    }

    void send(String raw) throws IOException {
        ByteBuffer out = StandardCharsets.UTF_8.encode(raw);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** The next answer line as JSON, or null when the element closed the connection. */
    JsonNode next() throws IOException {
        String line = in.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
