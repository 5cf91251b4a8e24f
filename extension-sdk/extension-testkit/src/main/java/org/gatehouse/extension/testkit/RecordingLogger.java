package org.gatehouse.extension.testkit;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps every record, for tests to assert on what a bladelet
 * logged. Formats {@code {0}} parameters as {@link MessageFormat} does, like the JDK's loggers.
 */
public final class RecordingLogger implements System.Logger {
    /** One logged record. */
    public record Entry(Level level, String message, Throwable thrown) {
    }

    private final String name;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public RecordingLogger(String name) {
        this.name = name;
    }

    /** Every record so far, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        entries.add(new Entry(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        String text = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
        entries.add(new Entry(level, text, null));
    }
}
