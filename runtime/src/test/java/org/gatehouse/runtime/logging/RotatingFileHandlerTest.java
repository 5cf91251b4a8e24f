package org.gatehouse.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileHandlerTest {
    /** Ten bytes a record: "record NN\n". */
    private static final Formatter PLAIN = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    };

    @TempDir
    Path logs;

    @Test
    void theLiveFileKeepsItsNameAndOlderOnesAreNumbered() throws Exception {
        Path file = logs.resolve("gatehouse.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 25, 3, PLAIN);
        for (int i = 10; i < 17; i++) {
            handler.publish(new LogRecord(Level.INFO, "record " + i));
        }
        handler.close();

        assertEquals(List.of("record 16"), Files.readAllLines(file));
        assertEquals(List.of("record 14", "record 15"), Files.readAllLines(logs.resolve("gatehouse.log.1")));
        assertEquals(List.of("record 12", "record 13"), Files.readAllLines(logs.resolve("gatehouse.log.2")));
        assertFalse(Files.exists(logs.resolve("gatehouse.log.3")), "only 3 files are kept");
        try (var files = Files.list(logs)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".lck")), "no lock files");
        }
    }

    @Test
    void aRestartAppendsToTheLiveFile() throws Exception {
        Path file = logs.resolve("gatehouse.log");
        RotatingFileHandler first = new RotatingFileHandler(file, 1000, 2, PLAIN);
        first.publish(new LogRecord(Level.INFO, "record 01"));
        first.close();
        RotatingFileHandler second = new RotatingFileHandler(file, 1000, 2, PLAIN);
        second.publish(new LogRecord(Level.INFO, "record 02"));
        second.close();

        assertEquals(List.of("record 01", "record 02"), Files.readAllLines(file));
    }

    @Test
    void withOneFileTheLiveFileStartsOver() throws Exception {
        Path file = logs.resolve("gatehouse.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 15, 1, PLAIN);
        handler.publish(new LogRecord(Level.INFO, "record 01"));
        handler.publish(new LogRecord(Level.INFO, "record 02"));
        handler.close();

        assertEquals(List.of("record 02"), Files.readAllLines(file));
        assertFalse(Files.exists(logs.resolve("gatehouse.log.1")));
    }

    @Test
    void recordsBelowTheLevelAreDropped() throws Exception {
        Path file = logs.resolve("gatehouse.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 1000, 2, PLAIN);
        handler.setLevel(Level.INFO);
        handler.publish(new LogRecord(Level.FINE, "record 01"));
        handler.publish(new LogRecord(Level.INFO, "record 02"));
        handler.close();

        assertEquals(List.of("record 02"), Files.readAllLines(file));
    }
}
