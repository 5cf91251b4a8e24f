package org.gatehouse.dataplane.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data plane's access log (docs/data-plane.md "Access log"): one line per answer, whoever made
 * it, in the combined log format or as JSON lines. Off the request path: an event loop only offers
 * a small record to a bounded queue; one thread formats and writes, and flushes whenever the queue
 * runs empty. A full queue drops the record and counts it, so a slow disk never slows traffic; the
 * count is logged. Every value a client sent is escaped ({@code \xHH} for quotes, backslashes,
 * control and non-ASCII bytes in the combined form; JSON string escapes in the other), so no
 * request can write a line of its own. The file is reopened when it is moved or removed, as a log
 * rotation does.
 */
public final class AccessLog implements AutoCloseable {
    /** No access log: the request path records nothing. */
    public static final AccessLog OFF = new AccessLog();
    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final DateTimeFormatter COMBINED_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final JsonFactory JSON = new JsonFactory();
    private static final long REOPEN_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AccessRecord STOP = new AccessRecord(0, "", "", "", "", "", 0, 0, 0, null, null);

    /** How each line is written. */
    public enum Format {
        /** The combined log format, then the listener and the time taken in seconds (as nginx's {@code $request_time}). */
        COMBINED,
        /** One JSON object per line. */
        JSON;

        /** {@code combined} or {@code json}, case-insensitive. */
        public static Format of(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("access log format [" + name + "]: expected combined or json");
        }
    }

    private final Path file;
    private final Format format;
    private final ZoneId zone;
    private final BlockingQueue<AccessRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;

    private AccessLog() {
        file = null;
        format = Format.COMBINED;
        zone = ZoneId.systemDefault();
        queue = null;
        writer = null;
    }

    private AccessLog(Path file, Format format, ZoneId zone, int capacity) throws IOException {
        this.file = file.toAbsolutePath();
        this.format = format;
        this.zone = zone;
        this.queue = new ArrayBlockingQueue<>(capacity);
        Files.createDirectories(this.file.getParent());
        Writer first = open(this.file);
        this.writer = new Thread(() -> drain(first), "gatehouse-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * An access log appending to {@code file} (its folder made when missing), with at most
     * {@code capacity} records waiting to be written.
     *
     * @throws IOException when the file cannot be opened for appending: the element does not start
     */
    public static AccessLog open(Path file, Format format, ZoneId zone, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("access log queue must hold at least one record, got " + capacity);
        }
        return new AccessLog(Objects.requireNonNull(file, "file"), format, zone, capacity);
    }

    /** Whether answers are logged: connections record nothing when not. */
    public boolean enabled() {
        return queue != null;
    }

    /** Offers one answer to the log; never blocks: a full queue drops it and counts it. */
    public void record(AccessRecord answer) {
        if (queue != null && !queue.offer(answer)) {
            dropped.incrementAndGet();
        }
    }

    /** Records dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records written to the file. */
    public long written() {
        return written.get();
    }

    /** The line {@code answer} is written as, without its line break. */
    String line(AccessRecord answer) {
        return format == Format.JSON ? json(answer) : combined(answer);
    }

    private String combined(AccessRecord a) {
        StringBuilder line = new StringBuilder(160);
        line.append(escaped(a.client())).append(" - - [")
                .append(COMBINED_TIME.format(Instant.ofEpochMilli(a.epochMillis()).atZone(zone))).append("] \"")
                .append(escaped(a.method())).append(' ').append(escaped(a.target())).append(' ').append(escaped(a.protocol()))
                .append("\" ").append(a.status()).append(' ').append(a.bytes() == 0 ? "-" : Long.toString(a.bytes()))
                .append(" \"").append(a.referer() == null ? "-" : escaped(a.referer())).append("\" \"")
                .append(a.userAgent() == null ? "-" : escaped(a.userAgent())).append("\" ")
                .append(escaped(a.listener())).append(' ').append(seconds(a.nanos()));
        return line.toString();
    }

    private String json(AccessRecord a) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(a.epochMillis()).toString());
            g.writeStringField("listener", a.listener());
            g.writeStringField("client", a.client());
            g.writeStringField("method", a.method());
            g.writeStringField("target", a.target());
            g.writeStringField("protocol", a.protocol());
            g.writeNumberField("status", a.status());
            g.writeNumberField("bytes", a.bytes());
            g.writeNumberField("seconds", Math.round(Math.max(0, a.nanos()) / 1e6) / 1e3);
            g.writeStringField("referer", a.referer());
            g.writeStringField("userAgent", a.userAgent());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string", e);
        }
        return out.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, nanos) / 1e9);
    }

    /** A client's value for the combined form: printable ASCII as is, {@code "}, {@code \}, controls and other bytes as {@code \xHH}. */
    static String escaped(String value) {
        byte[] bytes = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                bytes = value.getBytes(StandardCharsets.UTF_8);
                break;
            }
        }
        if (bytes == null) {
            return value;
        }
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int u = b & 0xff;
            if (u < 0x20 || u >= 0x7f || u == '"' || u == '\\') {
                out.append("\\x").append(Character.forDigit(u >> 4, 16)).append(Character.forDigit(u & 0xf, 16));
            } else {
                out.append((char) u);
            }
        }
        return out.toString();
    }

    private void drain(Writer first) {
        Writer out = first;
        Object opened = fileKey(file);
        long lastCheck = System.nanoTime();
        long lastDropReport = lastCheck;
        long droppedReported = 0;
        List<AccessRecord> batch = new ArrayList<>(256);
        try {
            while (true) {
                AccessRecord next = queue.poll(1, TimeUnit.SECONDS);
                long now = System.nanoTime();
                if (now - lastCheck >= REOPEN_CHECK_NANOS) {
                    lastCheck = now;
                    Object current = fileKey(file);
                    if (current == null || !current.equals(opened)) {
                        // moved or removed by a rotation: a new file under the same name
                        out = reopen(out);
                        opened = fileKey(file);
                    }
                }
                if (now - lastDropReport >= DROP_REPORT_NANOS && dropped.get() != droppedReported) {
                    lastDropReport = now;
                    LOG.log(Level.WARNING, "access log: {0} records dropped so far (queue full: the disk is slower than the traffic)",
                            dropped.get());
                    droppedReported = dropped.get();
                }
                if (next == null) {
                    continue;
                }
                batch.add(next);
                queue.drainTo(batch, 255);
                boolean stop = false;
                for (AccessRecord answer : batch) {
                    if (answer == STOP) {
                        stop = true;
                        continue;
                    }
                    write(out, answer);
                }
                batch.clear();
                if (queue.isEmpty() || stop) {
                    flush(out);
                }
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "access log: cannot close {0}: {1}", file, e.getMessage());
            }
        }
    }

    private void write(Writer out, AccessRecord answer) {
        try {
            out.write(line(answer));
            out.write('\n');
            written.incrementAndGet();
        } catch (IOException e) {
            dropped.incrementAndGet();
        }
    }

    private void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "access log: cannot write {0}: {1}", file, e.getMessage());
        }
    }

    private Writer reopen(Writer old) {
        try {
            old.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "access log: cannot close {0}: {1}", file, e.getMessage());
        }
        try {
            return open(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "access log: cannot reopen {0}: {1}; records are dropped until it can be", file, e.getMessage());
            return Writer.nullWriter();
        }
    }

    private static Writer open(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException gone) {
            // moved, removed (NoSuchFileException) or unreadable: open it again under its name
            return null;
        }
    }

    /** Writes what is queued and stops the writer; records offered later are dropped. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
