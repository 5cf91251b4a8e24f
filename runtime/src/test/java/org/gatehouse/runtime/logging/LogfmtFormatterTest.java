package org.gatehouse.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogfmtFormatterTest {
    private final LogfmtFormatter formatter = new LogfmtFormatter();

    @Test
    void oneRecordIsOneLogfmtLine() {
        LogRecord record = record(Level.INFO, "gatehouse started in 812 ms");

        assertEquals("ts=2026-01-02T03:04:05.678Z level=info logger=org.gatehouse.runtime msg=\"gatehouse started in 812 ms\"\n",
                formatter.format(record));
    }

    @Test
    void quotesNewlinesAndBackslashesAreEscaped() {
        LogRecord record = record(Level.WARNING, "bad \"value\" in C:\\conf\nnext\tline");

        assertEquals("ts=2026-01-02T03:04:05.678Z level=warn logger=org.gatehouse.runtime msg=\"bad \\\"value\\\" in C:\\\\conf\\nnext\\tline\"\n",
                formatter.format(record));
    }

    @Test
    void parametersAreFilledIn() {
        LogRecord record = record(Level.INFO, "listener {0} bound on {1}");
        record.setParameters(new Object[] {"public", "127.0.0.1:8080"});

        assertTrue(formatter.format(record).contains("msg=\"listener public bound on 127.0.0.1:8080\""));
    }

    @Test
    void theConsoleNamesTheCausesWithoutFrames() {
        LogRecord record = record(Level.SEVERE, "component failed to activate");
        Exception parse = new IllegalArgumentException("element.xml [2:1]: XML document structures must start and end within the same entity.");
        // a wrapper that only repeats its cause (as the log service's does) is left out
        Exception repeated = new RuntimeException(parse.toString(), parse);
        record.setThrown(new IllegalStateException("the data plane cannot start", repeated));

        String line = LogfmtFormatter.withoutStackTraces().format(record);

        assertEquals("ts=2026-01-02T03:04:05.678Z level=error logger=org.gatehouse.runtime msg=\"component failed to activate\""
                + " cause=\"IllegalStateException: the data plane cannot start / caused by IllegalArgumentException: element.xml [2:1]:"
                + " XML document structures must start and end within the same entity.\"\n", line);
        // the log file's form keeps every frame
        assertTrue(formatter.format(record).contains("thrown=\"java.lang.IllegalStateException: the data plane cannot start\\n\\tat "));
    }

    @Test
    void aCauseCycleEndsTheChain() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        assertEquals("IllegalStateException: first / caused by IllegalStateException: second", LogfmtFormatter.causes(first));
    }

    @Test
    void theStackTraceStaysOnTheSameLine() {
        LogRecord record = record(Level.SEVERE, "failed");
        record.setThrown(new IllegalStateException("boom", new java.io.IOException("disk")));

        String line = formatter.format(record);

        assertEquals(1, line.chars().filter(c -> c == '\n').count(), line);
        assertTrue(line.startsWith("ts=2026-01-02T03:04:05.678Z level=error logger=org.gatehouse.runtime "
                + "msg=\"failed\" thrown=\"java.lang.IllegalStateException: boom\\n\\tat "), line);
        assertTrue(line.contains("Caused by: java.io.IOException: disk"), line);
    }

    @Test
    void levelsUseLogfmtNamesAndOddLoggerNamesAreQuoted() {
        assertEquals("error", LogfmtFormatter.levelName(Level.SEVERE));
        assertEquals("warn", LogfmtFormatter.levelName(Level.WARNING));
        assertEquals("info", LogfmtFormatter.levelName(Level.CONFIG));
        assertEquals("debug", LogfmtFormatter.levelName(Level.FINE));
        assertEquals("trace", LogfmtFormatter.levelName(Level.FINEST));
        LogRecord record = record(Level.INFO, "x");
        record.setLoggerName("a logger");
        assertTrue(formatter.format(record).contains(" logger=\"a logger\" "));
        record.setLoggerName(null);
        assertTrue(formatter.format(record).contains(" logger=\"\" "));
    }

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setInstant(Instant.parse("2026-01-02T03:04:05.678Z"));
        record.setLoggerName("org.gatehouse.runtime");
        return record;
    }
}
