package org.gatehouse.audit.log.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gatehouse.audit.log.internal.AuditFolders;
import org.gatehouse.audit.log.internal.store.AuditFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyTest {
    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anIntactLogPrintsOkAndExitsZero() throws IOException {
        Path folder = work.resolve("audit");
        AuditFolders.write(folder, 7, 3);
        assertEquals(0, run(folder.toString()));
        assertEquals("ok: 7 records, last checkpoint at 7\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedLogPrintsTheFirstProblemAndExitsOne() throws IOException {
        Path folder = work.resolve("audit");
        AuditFolders.write(folder, 7, 3);
        Path auditorsKey = work.resolve("kept-elsewhere.pem");
        Files.copy(folder.resolve(AuditFiles.PUBLIC_KEY), auditorsKey);
        List<String> lines = new ArrayList<>(AuditFolders.records(folder));
        lines.remove(2);
        AuditFolders.writeRecords(folder, lines);
        assertEquals(1, run(folder.toString(), auditorsKey.toString()));
        assertEquals("bad: record 2: removed: record 1 is followed by record 3\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFolderWithoutALogOrAnUnreadableKeyExitsOne() throws IOException {
        assertEquals(1, run(work.toString()));
        assertEquals("bad: no audit log in " + work + " (records.jsonl is missing)\n", out.toString(StandardCharsets.UTF_8));
        Path folder = work.resolve("audit");
        AuditFolders.write(folder, 1, 3);
        out.reset();
        Path notAKey = Files.writeString(work.resolve("not-a-key.pem"), "hello");
        assertEquals(1, run(folder.toString(), notAKey.toString()));
        assertEquals("bad: " + notAKey + ": not a PEM PUBLIC KEY\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongCommandLineExitsTwo() {
        assertEquals(2, run());
        assertEquals("usage: AuditVerify <audit folder> [public key file]\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void itRunsAsAMainClassWithNothingButItsOwnClassesAndTheJdk() throws Exception {
        Path folder = work.resolve("audit");
        AuditFolders.write(folder, 12, 5);
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target", "classes").toAbsolutePath().toString(), AuditVerify.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals("ok: 12 records, last checkpoint at 12\n", printed);
        assertEquals(0, java.exitValue());
    }

    private int run(String... args) {
        return AuditVerify.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
