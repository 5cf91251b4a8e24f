package org.gatehouse.audit.log.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.gatehouse.audit.log.AuditRecord;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final Instant TIME = Instant.parse("2026-12-07T12:00:00.125Z");

    @Test
    void aRecordIsOneCanonicalLineWithItsMembersSorted() {
        AuditRecord record = new AuditRecord(3, TIME, "command.status", "alice", "command 7", "done", AuditRecord.NO_PREVIOUS);
        assertEquals("{\"actor\":\"alice\",\"kind\":\"command.status\",\"payload\":\"done\",\"prev\":\"" + AuditRecord.NO_PREVIOUS
                + "\",\"seq\":3,\"subject\":\"command 7\",\"time\":\"2026-12-07T12:00:00.125Z\"}",
                new String(RecordCodec.encode(record), StandardCharsets.UTF_8));
    }

    @Test
    void everyPayloadComesBackExactly() {
        for (String payload : new String[] {"", "plain", "line one\nline two\r\n", "tab\tquote\"backslash\\slash/", "\u0000\u0001\u001f\u007f",
            "caf\u00e9 \u4e2d\u6587 \ud83d\udd12", "\u001b[7mreverse video\u001b[0m", "\u2028\u2029"}) {
            AuditRecord record = new AuditRecord(0, TIME, "command.rendering", "alice", "", payload, AuditRecord.NO_PREVIOUS);
            byte[] line = RecordCodec.encode(record);
            for (byte b : line) {
                if (b == '\n') {
                    throw new AssertionError("a newline inside the line for payload " + payload);
                }
            }
            assertEquals(record, RecordCodec.decodeRecord(line));
            assertArrayEquals(line, RecordCodec.encode(RecordCodec.decodeRecord(line)));
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedRatherThanChanged() {
        AuditRecord record = new AuditRecord(0, TIME, "login", "alice", "", "half \ud83d", AuditRecord.NO_PREVIOUS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordCodec.encode(record));
        assertEquals("unpaired surrogate at index 5: not text that UTF-8 can keep exactly", e.getMessage());
    }

    @Test
    void aLineNotInCanonicalFormIsRefused() {
        String good = new String(RecordCodec.encode(new AuditRecord(0, TIME, "login", "alice", "", "x", AuditRecord.NO_PREVIOUS)),
                StandardCharsets.UTF_8);
        assertRefused(good.replace("\"seq\":0", "\"seq\":00"), "not in canonical form (member order, escapes or numbers)");
        assertRefused(good.replace(",", ", "), "[col 18] expected '\"'");
        assertRefused(good.replace("\"x\"", "\"\\u0078\""), "not in canonical form (member order, escapes or numbers)");
        assertRefused("{\"kind\":\"login\"," + good.substring(1).replace("\"kind\":\"login\",", ""),
                "not in canonical form (member order, escapes or numbers)");
        assertRefused(good.replace("\"actor\":\"alice\",", ""), "members [kind, payload, prev, seq, subject, time], expected [actor, kind, payload, "
                + "prev, seq, subject, time]");
        assertRefused(good + " ", "[col " + (good.length() + 1) + "] text after the object");
        assertRefused(good.replace("12:00:00.125Z", "12:00:00.1250Z"), "time 2026-12-07T12:00:00.1250Z is not in canonical form");
    }

    private static void assertRefused(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordCodec.decodeRecord(line.getBytes(StandardCharsets.UTF_8)));
        assertEquals(message, e.getMessage());
    }
}
