package org.gatehouse.policy.engine.audit;

import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each audit event as one JSON line to the element's audit file
 * ({@code <data>/audit/audit.log}) and forces it to disk before returning. The file is opened by
 * the control module when it starts and written by it alone: unlike the log stream, nothing an
 * extension can reach configures it (no logger level, handler or filter stands between an event
 * and the file), and the vendor policy restricts the folder for every extension.
 *
 * <pre>{@code
 * {"time":"2026-12-07T06:00:00Z","action":"sandbox.denied","subject":"ext:com.acme/1.0.0","summary":"denied: ...","details":[]}
 * }</pre>
 */
public final class AuditFileSink implements AuditSink, AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private final Path file;
    private final FileChannel channel;

    private AuditFileSink(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating it and its folder when missing) the audit file for appending. */
    public static AuditFileSink open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new AuditFileSink(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
    }

    public Path file() {
        return file;
    }

    /** @throws UncheckedIOException when the line cannot be written; the caller's decision stands regardless */
    @Override
    public synchronized void record(AuditEvent event) {
        try {
            ByteBuffer line = ByteBuffer.wrap(line(event));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit file " + file, e);
        }
    }

    static byte[] line(AuditEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", event.time().toString());
            json.writeStringField("action", event.action());
            json.writeStringField("subject", event.subject());
            json.writeStringField("summary", event.summary());
            json.writeArrayFieldStart("details");
            for (String detail : event.details()) {
                json.writeString(detail);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
