package org.gatehouse.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.gatehouse.audit.log.Verification.Fault;
import org.gatehouse.audit.log.internal.AuditFolders;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.gatehouse.audit.log.internal.store.AuditFiles;
import org.gatehouse.audit.log.internal.store.RecordCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way of tampering with a log, done to the files as someone with write access to the folder
 * would, is detected with the first bad record named. The log: 10 records, checkpoints at 4, 8
 * and 10, every record and checkpoint at the same fixed time (so that a forger replaying the same
 * appends writes the same bytes).
 */
class VerifierTest {
    @TempDir
    Path work;
    private Path folder;
    private PublicKey elementKey;

    @BeforeEach
    void writeLog() throws IOException {
        folder = work.resolve("audit");
        AuditFolders.write(folder, 10, 4);
        // the auditor's copy, taken away from the element
        elementKey = Verifier.readPublicKey(folder.resolve(AuditFiles.PUBLIC_KEY));
    }

    @Test
    void anUntouchedLogVerifies() throws IOException {
        Verification v = Verifier.verify(folder, elementKey);
        assertTrue(v.ok());
        assertEquals(10, v.records());
        assertEquals(3, v.checkpoints());
        assertEquals("ok: 10 records, last checkpoint at 10", v.summary());
    }

    @Test
    void aChangedPayloadIsNamed() throws IOException {
        List<String> lines = lines();
        lines.set(5, lines.get(5).replace("payload 5", "payload five"));
        write(lines);
        assertProblem(5, Fault.CHANGED, "record 5: changed: its hash is not the one record 6 carries");
    }

    @Test
    void twoRecordsSwappedAreNamed() throws IOException {
        List<String> lines = lines();
        lines.add(3, lines.remove(4));
        write(lines);
        assertProblem(3, Fault.REORDERED, "record 3: reordered: it stands after record 4 instead of before it");
    }

    @Test
    void aRemovedRecordIsNamed() throws IOException {
        List<String> lines = lines();
        lines.remove(6);
        write(lines);
        assertProblem(6, Fault.REMOVED, "record 6: removed: record 5 is followed by record 7");
    }

    @Test
    void aCopiedRecordIsNamed() throws IOException {
        List<String> lines = lines();
        lines.add(3, lines.get(2));
        write(lines);
        assertProblem(3, Fault.INSERTED, "record 3: inserted: a second copy of record 2 stands after record 2");
    }

    @Test
    void aForgedRecordChainedIntoThePlaceOfAnotherIsNamed() throws IOException {
        List<String> lines = lines();
        AuditRecord before = decode(lines.get(2));
        AuditRecord forged = new AuditRecord(3, before.time(), AuditKind.LOGIN, "mallory", "", "I was here", before.hash());
        lines.add(3, new String(forged.canonicalBytes(), StandardCharsets.UTF_8));
        write(lines);
        assertProblem(3, Fault.INSERTED, "record 3: inserted: not in the chain: record 3 after it is chained to record 2");
    }

    @Test
    void aLogTruncatedBelowTheLastCheckpointIsNamed() throws IOException {
        List<String> lines = lines();
        write(lines.subList(0, 9));
        assertProblem(9, Fault.TRUNCATED, "record 9: truncated: the log ends after 9 records, below checkpoint 3 (size 10, 2026-12-07T12:00:00Z)"
                + " which signed 10");
    }

    @Test
    void aLogCutInTheMiddleOfACoveredRecordIsNamed() throws IOException {
        Path records = folder.resolve(AuditFiles.RECORDS);
        try (FileChannel file = FileChannel.open(records, StandardOpenOption.WRITE)) {
            file.truncate(file.size() - 50);
        }
        Verification v = assertProblem(9, Fault.TRUNCATED, "record 9: truncated: the log ends after 9 records, below checkpoint 3 "
                + "(size 10, 2026-12-07T12:00:00Z) which signed 10");
        assertTrue(v.tornRecordBytes() > 0);
    }

    @Test
    void theLastRecordChangedAndRechainedIsCaughtByTheCheckpoint() throws IOException {
        write(forgedLines(9));
        assertProblem(8, Fault.CHANGED, "records 8 to 9: changed: one of them is not what checkpoint 3 (size 10, 2026-12-07T12:00:00Z) signed"
                + " (the tree's root differs)");
    }

    @Test
    void aRecordChangedWithTheWholeChainRecomputedIsCaughtByTheFirstCheckpointAfterIt() throws IOException {
        write(forgedLines(5));
        assertProblem(4, Fault.CHANGED, "records 4 to 7: changed: one of them is not what checkpoint 2 (size 8, 2026-12-07T12:00:00Z) signed"
                + " (the tree's root differs)");
    }

    @Test
    void aSwappedKeyIsCaught() throws IOException {
        // someone rewrites record 5 and signs fresh checkpoints with a key of their own, which they put in the folder
        Path forged = forgedFolder(5);
        for (String file : List.of(AuditFiles.RECORDS, AuditFiles.CHECKPOINTS, AuditFiles.PRIVATE_KEY, AuditFiles.PUBLIC_KEY)) {
            Files.copy(forged.resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        String forgedKey = Checkpoint.keyIdOf(Verifier.readPublicKey(folder.resolve(AuditFiles.PUBLIC_KEY)));
        Verification v = Verifier.verify(folder, elementKey);
        assertEquals(new Verification.Problem(OptionalLong.empty(), Fault.BAD_SIGNATURE, "checkpoint 1 (size 4, 2026-12-07T12:00:00Z): bad "
                + "signature: signed by key " + forgedKey + ", not by the given key " + Checkpoint.keyIdOf(elementKey)), v.problem().orElseThrow());
        assertTrue(Verifier.verify(folder).ok(), "the folder's own key proves nothing: that is why the auditor keeps a copy");
    }

    @Test
    void onlyTheKeyFilesSwappedIsCaughtEvenWithTheFolderKey() throws IOException {
        Path other = work.resolve("other");
        AuditFolders.write(other, 1, 10);
        Files.copy(other.resolve(AuditFiles.PUBLIC_KEY), folder.resolve(AuditFiles.PUBLIC_KEY), StandardCopyOption.REPLACE_EXISTING);
        Verification v = Verifier.verify(folder);
        assertEquals(Fault.BAD_SIGNATURE, v.problem().orElseThrow().fault());
        assertTrue(v.summary().startsWith("checkpoint 1 (size 4, 2026-12-07T12:00:00Z): bad signature: signed by key "), v.summary());
    }

    @Test
    void aChangedCheckpointIsCaught() throws IOException {
        List<String> checkpoints = new ArrayList<>(AuditFolders.lines(folder, AuditFiles.CHECKPOINTS));
        checkpoints.set(1, checkpoints.get(1).replace("\"size\":8", "\"size\":7"));
        Files.writeString(folder.resolve(AuditFiles.CHECKPOINTS), String.join("\n", checkpoints) + "\n");
        Verification v = Verifier.verify(folder, elementKey);
        assertEquals("checkpoint 2 (size 7, 2026-12-07T12:00:00Z): bad signature: it does not verify with key " + Checkpoint.keyIdOf(elementKey),
                v.summary());
    }

    @Test
    void aLineThatIsNoRecordIsNamed() throws IOException {
        List<String> lines = lines();
        lines.set(4, "{\"actor\":\"alice\"}");
        write(lines);
        assertProblem(4, Fault.MALFORMED, "record 4: malformed: line 5 is not a canonical record: members [actor], expected [actor, kind, "
                + "payload, prev, seq, subject, time]");
    }

    private Verification assertProblem(long sequence, Fault fault, String message) throws IOException {
        Verification v = Verifier.verify(folder, elementKey);
        assertEquals(new Verification.Problem(OptionalLong.of(sequence), fault, message), v.problem().orElseThrow(), v.summary());
        assertEquals(message, v.summary());
        return v;
    }

    /** The same appends into another folder with its own key, record {@code changed} with another payload: a consistent chain. */
    private Path forgedFolder(int changed) throws IOException {
        Path forged = work.resolve("forged");
        try (FileAuditLog log = FileAuditLog.open(forged, 4, AuditFolders.FIXED)) {
            for (int i = 0; i < 10; i++) {
                log.append(AuditKind.COMMAND_STATUS, "alice", "command " + i, i == changed ? "payload rewritten" : "payload " + i);
            }
            log.checkpoint();
        }
        return forged;
    }

    private List<String> forgedLines(int changed) throws IOException {
        return AuditFolders.records(forgedFolder(changed));
    }

    private static AuditRecord decode(String line) {
        return RecordCodec.decodeRecord(line.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(AuditFolders.records(folder));
    }

    private void write(List<String> lines) throws IOException {
        AuditFolders.writeRecords(folder, lines);
    }
}
