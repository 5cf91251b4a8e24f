package org.gatehouse.audit.log.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
    @TempDir
    Path work;

    @Test
    void linesAcrossBlockBoundariesComeBackWithTheirOffsetsAndTheTornTailIsCounted() throws Exception {
        List<String> lines = List.of("", "a", "b".repeat(70_000), "c".repeat(65_535), "d".repeat(65_536), "e");
        String torn = "{\"actor\":\"al";
        Path file = Files.writeString(work.resolve("lines"), String.join("\n", lines) + "\n" + torn, StandardCharsets.UTF_8);
        List<LineReader.Line> read = new ArrayList<>();
        try (LineReader reader = new LineReader(file, 1 << 20)) {
            for (LineReader.Line line; (line = reader.next()) != null;) {
                read.add(line);
            }
            assertNull(reader.next());
            assertEquals(torn.length(), reader.tornTail());
            assertEquals(Files.size(file) - torn.length(), reader.end());
        }
        assertEquals(lines.size(), read.size());
        long offset = 0;
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(offset, read.get(i).offset(), "line " + i);
            assertArrayEquals(lines.get(i).getBytes(StandardCharsets.UTF_8), read.get(i).bytes(), "line " + i);
            offset += lines.get(i).length() + 1;
        }
    }

    @Test
    void aLineLongerThanTheLimitIsCutAndTheNextOneStillFound() throws Exception {
        Path file = Files.writeString(work.resolve("lines"), "x".repeat(100_000) + "\nnext\n", StandardCharsets.UTF_8);
        try (LineReader reader = new LineReader(file, 10)) {
            assertEquals(10, reader.next().bytes().length);
            LineReader.Line next = reader.next();
            assertEquals(100_001, next.offset());
            assertEquals("next", new String(next.bytes(), StandardCharsets.UTF_8));
            assertNull(reader.next());
            assertEquals(0, reader.tornTail());
        }
    }
}
