package org.gatehouse.itest.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * Records java.util.logging output, where the platform bundles' System.Logger lines land, so a
 * test inside the framework can read what the element reported. Each record becomes one line:
 * level, formatted message, then the messages of its exception chain.
 *
 * <pre>{@code
 * try (RecordedLog log = RecordedLog.start()) {
 *     ...
 *     String line = log.await(Pattern.compile("element\\.xml \\[3:\\d+\\]"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class RecordedLog extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private RecordedLog() {
    }

    /** Starts recording everything that reaches the root logger. */
    public static RecordedLog start() {
        RecordedLog log = new RecordedLog();
        Logger.getLogger("").addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " " + formatter.formatMessage(record));
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            line.append(" | ").append(cause.getMessage());
        }
        lines.add(line.toString());
    }

    /** The first recorded line matching {@code wanted}, waiting for it up to {@code patience}. */
    public String await(Pattern wanted, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (wanted.matcher(line).find()) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing matching " + wanted + " was logged within " + patience + "; logged: " + lines);
    }

    @Override
    public void flush() {
    }

    /** Stops recording. */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
