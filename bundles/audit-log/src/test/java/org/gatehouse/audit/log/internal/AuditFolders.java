package org.gatehouse.audit.log.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gatehouse.audit.log.AuditKind;
import org.gatehouse.audit.log.internal.store.AuditFiles;

/** Test helpers: logs written with a fixed clock (two folders given the same appends hold the same records), and the raw lines. */
public final class AuditFolders {
    /** Every record and checkpoint of a test log has this time. */
    public static final Clock FIXED = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    private AuditFolders() {
    }

    /** A log of {@code count} records with payloads {@code payload <seq>}, a checkpoint every {@code every}, and a last one at the end. */
    public static void write(Path folder, int count, int every) throws IOException {
        try (FileAuditLog log = FileAuditLog.open(folder, every, FIXED)) {
            for (int i = 0; i < count; i++) {
                log.append(AuditKind.COMMAND_STATUS, "alice", "command " + i, "payload " + i);
            }
            log.checkpoint();
        }
    }

    public static List<String> lines(Path folder, String file) throws IOException {
        return Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8);
    }

    public static List<String> records(Path folder) throws IOException {
        return lines(folder, AuditFiles.RECORDS);
    }

    public static void writeRecords(Path folder, List<String> lines) throws IOException {
        Files.writeString(folder.resolve(AuditFiles.RECORDS), lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
