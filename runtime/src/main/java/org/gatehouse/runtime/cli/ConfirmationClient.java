package org.gatehouse.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A connection to the element's local confirmation socket ({@code <data>/run/confirm.sock},
 * docs/management.md "Confirmation"): one JSON object a line each way. An answer with an {@code
 * error} is a {@link CliFailure} carrying its code and message, unless the caller asks for the
 * raw answer. One connection serves a whole command, because an answer is taken only on the
 * connection that was shown the rendering.
 */
final class ConfirmationClient implements AutoCloseable {
    /** Renderings can be long (a whole merged policy); an answer line past this is refused. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final Path socket;
    private final SocketChannel channel;
    private final Path ownEnd;
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private ConfirmationClient(Path socket, SocketChannel channel, Path ownEnd) {
        this.socket = socket;
        this.channel = channel;
        this.ownEnd = ownEnd;
        in.flip();
    }

    /**
     * Connects, its own end bound to a path in a folder of its own (the element tells a person's
     * process from its own by that path, docs/management.md "The local path"), and checks that the
     * element listens there ({@link ElementSocket}) before anything is sent.
     */
    static ConfirmationClient connect(Path socket) throws CliFailure {
        SocketChannel channel = null;
        Path ownEnd = null;
        try {
            ownEnd = Files.createTempDirectory("gatehouse-cli-").resolve("c.sock");
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(ownEnd));
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(channel, ownEnd);
            throw new CliFailure(CliFailure.REFUSED, "cannot connect to the confirmation socket " + socket + ": " + e.getMessage()
                    + " (is the element running, and is this the account it runs as?)");
        }
        try {
            ElementSocket.check(socket, channel);
        } catch (CliFailure refused) {
            closeQuietly(channel, ownEnd);
            throw refused;
        }
        return new ConfirmationClient(socket, channel, ownEnd);
    }

    /** Sends one request; returns its answer, or fails with the element's error. */
    Map<String, Object> call(String request) throws CliFailure {
        Map<String, Object> answer = exchange(request);
        Map<String, Object> error = JsonText.object(answer.get("error"));
        if (!error.isEmpty()) {
            throw new CliFailure(CliFailure.REFUSED, "error (" + JsonText.string(error.get("code")) + "): " + JsonText.string(error.get("message")));
        }
        return answer;
    }

    private Map<String, Object> exchange(String request) throws CliFailure {
        IOException sendFailure = null;
        try {
            ByteBuffer out = StandardCharsets.UTF_8.encode(request + "\n");
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            // the element may have refused this peer and closed: its answer says why
            sendFailure = e;
        }
        String text = readLine();
        if (text == null) {
            throw new CliFailure(CliFailure.REFUSED, "the element closed the confirmation socket " + socket + " without an answer"
                    + (sendFailure != null ? " (" + sendFailure.getMessage() + ")" : ""));
        }
        try {
            return JsonText.object(JsonText.parse(text));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.REFUSED, "the confirmation socket answered " + e.getMessage());
        }
    }

    private String readLine() throws CliFailure {
        line.reset();
        try {
            while (true) {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') {
                        return line.toString(StandardCharsets.UTF_8);
                    }
                    if (line.size() >= MAX_ANSWER_BYTES) {
                        throw new CliFailure(CliFailure.REFUSED, "the confirmation socket's answer is longer than " + MAX_ANSWER_BYTES + " bytes");
                    }
                    line.write(b);
                }
                in.clear();
                int read = channel.read(in);
                in.flip();
                if (read < 0) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.REFUSED, "reading from the confirmation socket " + socket + " failed: " + e.getMessage());
        }
    }

    /** A JSON object of string fields, in the given order: {@code request("op", "show", "id", id)}. */
    static String request(String... namesAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ",").append(JsonText.quote(namesAndValues[i])).append(':').append(JsonText.quote(namesAndValues[i + 1]));
        }
        return json.append('}').toString();
    }

    private static void closeQuietly(SocketChannel channel, Path ownEnd) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was sent on it
            }
        }
        if (ownEnd != null) {
            try {
                Files.deleteIfExists(ownEnd);
                Files.deleteIfExists(ownEnd.getParent());
            } catch (IOException ignored) {
                // a socket file left in a temporary folder of its own
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel, ownEnd);
    }
}
