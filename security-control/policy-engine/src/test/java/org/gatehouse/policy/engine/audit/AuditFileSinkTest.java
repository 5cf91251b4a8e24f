package org.gatehouse.policy.engine.audit;

import org.gatehouse.policy.engine.api.AuditEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileSinkTest {
    @TempDir
    Path folder;

    @Test
    void eachEventIsOneJsonLineAppendedToWhatIsThere() throws Exception {
        Path file = folder.resolve("audit").resolve("audit.log");
        try (AuditFileSink sink = AuditFileSink.open(file)) {
            sink.record(new AuditEvent(Instant.parse("2026-12-07T06:00:00Z"), AuditEvent.SANDBOX_DENIED, "ext:com.acme/1.0.0",
                    "denied: codebase [ext:com.acme/1.0.0], permission [process /bin/sh execute]", List.of()));
        }
        try (AuditFileSink reopened = AuditFileSink.open(file)) {
            reopened.record(new AuditEvent(Instant.parse("2026-12-07T06:00:01Z"), AuditEvent.POLICY_SWAP, "system",
                    "generation 2 \"quoted\"\nsecond line", List.of("granted [file /x read]")));
        }

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("sandbox.denied", first.get("action").asText());
        assertEquals("ext:com.acme/1.0.0", first.get("subject").asText());
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertEquals("generation 2 \"quoted\"\nsecond line", second.get("summary").asText());
        assertEquals("granted [file /x read]", second.get("details").get(0).asText());
    }

    @Test
    void aLineThatCannotBeWrittenIsReportedToTheCaller() throws Exception {
        AuditFileSink sink = AuditFileSink.open(folder.resolve("audit.log"));
        sink.close();

        assertThrows(UncheckedIOException.class, () -> sink.record(new AuditEvent(Instant.now(), AuditEvent.SANDBOX_DENIED,
                "ext:x/1.0.0", "denied", List.of())));
    }
}
