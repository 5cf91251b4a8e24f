package org.gatehouse.runtime.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes each record as one logfmt line:
 * {@code ts=2026-01-02T03:04:05.678Z level=info logger=org.gatehouse.runtime msg="gatehouse started in 812 ms"},
 * followed by {@code thrown="..."} (the stack trace, newlines escaped) when the record carries
 * an exception. One record is always exactly one line, so the stream can be grepped, tailed and
 * shipped without a multi-line parser. The {@linkplain #withoutStackTraces() console's} form names
 * the exception and its causes instead ({@code cause="IllegalStateException: element.xml [2:1]: ...
 * / caused by XmlDocumentException: ..."}), so a failed start reads as its reasons; the log file
 * keeps every frame.
 */
public final class LogfmtFormatter extends Formatter {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Causes named at most, however deep the chain (a cycle ends it too). */
    private static final int MAX_CAUSES = 8;

    private final boolean stackTraces;

    /** Whole stack traces, as the log file keeps them. */
    public LogfmtFormatter() {
        this(true);
    }

    private LogfmtFormatter(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    /** Exceptions as the chain of their classes and messages, for the console. */
    public static LogfmtFormatter withoutStackTraces() {
        return new LogfmtFormatter(false);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append("ts=").append(TIMESTAMP.format(record.getInstant() == null ? Instant.now() : record.getInstant()));
        line.append(" level=").append(levelName(record.getLevel()));
        line.append(" logger=");
        appendValue(line, record.getLoggerName() == null ? "" : record.getLoggerName(), false);
        line.append(" msg=");
        appendValue(line, formatMessage(record), true);
        if (record.getThrown() != null && stackTraces) {
            line.append(" thrown=");
            appendValue(line, stackTrace(record.getThrown()), true);
        } else if (record.getThrown() != null) {
            line.append(" cause=");
            appendValue(line, causes(record.getThrown()), true);
        }
        return line.append('\n').toString();
    }

    /** The lower-case level names logfmt readers expect. */
    static String levelName(Level level) {
        int value = level == null ? Level.INFO.intValue() : level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (value >= Level.CONFIG.intValue()) {
            return "info";
        }
        return value >= Level.FINE.intValue() ? "debug" : "trace";
    }

    /** Quotes when asked or when needed (space, '=', '"', empty), escaping '\', '"' and control characters. */
    static void appendValue(StringBuilder line, String value, boolean alwaysQuote) {
        boolean quote = alwaysQuote || value.isEmpty() || needsQuotes(value);
        if (quote) {
            line.append('"');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        if (quote) {
            line.append('"');
        }
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code Simple: message / caused by Simple: message ...}: a wrapper that only repeats its
     * cause's text (the log service's and the component runtime's do) is left out.
     */
    static String causes(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int named = 0;
        for (Throwable t = thrown; t != null && seen.add(t) && named < MAX_CAUSES; t = t.getCause()) {
            Throwable cause = t.getCause();
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (cause != null && cause.toString().equals(message)) {
                continue;
            }
            text.append(named++ == 0 ? "" : " / caused by ").append(t.getClass().getSimpleName());
            if (!message.isEmpty()) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            thrown.printStackTrace(writer);
        }
        String trace = out.toString();
        return trace.endsWith(System.lineSeparator()) ? trace.substring(0, trace.length() - System.lineSeparator().length()) : trace;
    }
}
