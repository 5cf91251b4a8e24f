package org.gatehouse.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.audit.log.AuditKind;
import org.gatehouse.audit.log.AuditLogException;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.ConsistencyProof;
import org.gatehouse.audit.log.InclusionProof;
import org.gatehouse.audit.log.Verification;
import org.gatehouse.audit.log.Verifier;
import org.gatehouse.audit.log.internal.store.AuditFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest {
    @TempDir
    Path folder;

    @Test
    void recordsAreReadBackExactlyAndEachCarriesTheHashOfThePreviousOne() throws Exception {
        List<String> payloads = List.of("Install extension [rate-limiter]\n  sha256: 9f86d0\n", "caf\u00e9 \"quoted\" \\ \u001b[7m", "");
        try (FileAuditLog log = FileAuditLog.open(folder, 100, Clock.systemUTC())) {
            for (String payload : payloads) {
                log.append(AuditKind.COMMAND_RENDERING, "alice", "command 1", payload);
            }
            List<AuditRecord> records = log.read(0, 10);
            assertEquals(3, records.size());
            String previous = AuditRecord.NO_PREVIOUS;
            for (int i = 0; i < 3; i++) {
                AuditRecord r = records.get(i);
                assertEquals(i, r.sequence());
                assertEquals(payloads.get(i), r.payload());
                assertEquals(previous, r.previousHash());
                previous = r.hash();
            }
            assertEquals(List.of(records.get(1)), log.read(1, 1));
            assertEquals(List.of(), log.read(3, 5));
        }
        assertEquals(3, AuditFolders.records(folder).size());
    }

    @Test
    void reopeningContinuesTheChainAndTheTree() throws Exception {
        String headAfterFive;
        try (FileAuditLog log = FileAuditLog.open(folder, 100, Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                log.append(AuditKind.LOGIN, "alice", "", "login " + i);
            }
            headAfterFive = log.head().rootHash();
        }
        try (FileAuditLog log = FileAuditLog.open(folder, 100, Clock.systemUTC())) {
            assertEquals(5, log.head().size());
            assertEquals(headAfterFive, log.head().rootHash());
            assertEquals(5, log.append(AuditKind.LOGIN, "bob", "", "login 5"));
            assertEquals(log.read(4, 1).get(0).hash(), log.read(5, 1).get(0).previousHash());
        }
        assertTrue(Verifier.verify(folder).ok());
    }

    @Test
    void checkpointsAreSignedEveryNRecordsAndOnDemand() throws Exception {
        try (FileAuditLog log = FileAuditLog.open(folder, 4, Clock.systemUTC())) {
            for (int i = 0; i < 9; i++) {
                log.append(AuditKind.REFUSAL, "element", "GET /x", "refused " + i);
            }
            assertEquals(8, log.latestCheckpoint().orElseThrow().treeSize());
            Checkpoint onDemand = log.checkpoint();
            assertEquals(9, onDemand.treeSize());
            assertEquals(log.head(), onDemand.head());
            assertTrue(onDemand.verify(log.publicKey()));
            assertEquals(onDemand, log.checkpoint(), "no record since: the same checkpoint");
        }
        List<String> lines = AuditFolders.lines(folder, AuditFiles.CHECKPOINTS);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"size\":4"), lines.get(0));
        Verification v = Verifier.verify(folder);
        assertEquals("ok: 9 records, last checkpoint at 9", v.summary());
    }

    @Test
    void anAuditorHoldingAnOldCheckpointSeesThatTheLogOnlyGrew() throws Exception {
        try (FileAuditLog log = FileAuditLog.open(folder, 1000, Clock.systemUTC())) {
            for (int i = 0; i < 6; i++) {
                log.append(AuditKind.DIRECT_COMMAND, "alice", "", "gatehouse ext list " + i);
            }
            Checkpoint old = log.checkpoint();
            for (int i = 0; i < 11; i++) {
                log.append(AuditKind.COMMAND_STATUS, "alice", "command " + i, "done");
            }
            Checkpoint newest = log.checkpoint();
            assertTrue(newest.verify(Verifier.readPublicKey(folder.resolve(AuditFiles.PUBLIC_KEY))));

            ConsistencyProof grown = log.consistencyProof(old.treeSize(), newest.treeSize());
            assertTrue(grown.verify(old.rootHash(), newest.rootHash()));
            assertFalse(grown.verify(newest.rootHash(), newest.rootHash()), "a root the old checkpoint did not sign");

            AuditRecord record = log.read(3, 1).get(0);
            InclusionProof included = log.inclusionProof(3, newest.treeSize());
            assertTrue(included.verify(record.leafHash(), newest.rootHash()));
            assertFalse(included.verify(log.read(4, 1).get(0).leafHash(), newest.rootHash()));
            assertTrue(log.inclusionProof(3, old.treeSize()).verify(record.leafHash(), old.rootHash()));
        }
    }

    @Test
    void thePrivateKeyIsReadableByItsOwnerOnlyAndKeptAcrossOpens() throws Exception {
        String keyId;
        try (FileAuditLog log = FileAuditLog.open(folder, 10, Clock.systemUTC())) {
            keyId = Checkpoint.keyIdOf(log.publicKey());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(AuditFiles.PRIVATE_KEY))));
        try (FileAuditLog log = FileAuditLog.open(folder, 10, Clock.systemUTC())) {
            assertEquals(keyId, Checkpoint.keyIdOf(log.publicKey()));
        }
        Files.setPosixFilePermissions(folder.resolve(AuditFiles.PRIVATE_KEY), PosixFilePermissions.fromString("rw-r--r--"));
        AuditLogException e = assertThrows(AuditLogException.class, () -> FileAuditLog.open(folder, 10, Clock.systemUTC()));
        assertEquals(folder.resolve(AuditFiles.PRIVATE_KEY) + " has permissions rw-r--r--, expected rw------- (readable by its owner only)",
                e.getMessage());
    }

    @Test
    void aMissingKeyAfterCheckpointsIsRefusedRatherThanReplaced() throws Exception {
        AuditFolders.write(folder, 3, 2);
        Files.delete(folder.resolve(AuditFiles.PRIVATE_KEY));
        AuditLogException e = assertThrows(AuditLogException.class, () -> FileAuditLog.open(folder, 2, Clock.systemUTC()));
        assertTrue(e.getMessage().endsWith("is missing, and checkpoints signed with it exist: the log cannot be continued with another key without"
                + " breaking them"), e.getMessage());
    }

    @Test
    void aSecondWriterIsRefused() throws Exception {
        try (FileAuditLog log = FileAuditLog.open(folder, 10, Clock.systemUTC())) {
            AuditLogException e = assertThrows(AuditLogException.class, () -> FileAuditLog.open(folder, 10, Clock.systemUTC()));
            assertEquals("audit log " + folder + " is already open for writing", e.getMessage());
            log.append(AuditKind.LOGIN, "alice", "", "still writable");
        }
    }

    @Test
    void aTornLastRecordIsReportedByVerifyAndCutWhenTheLogIsOpened() throws Exception {
        AuditFolders.write(folder, 5, 2);
        Path records = folder.resolve(AuditFiles.RECORDS);
        long acknowledged = Files.size(records);
        String next = new String(new AuditRecord(5, AuditFolders.FIXED.instant(), "login", "alice", "", "never acknowledged",
                AuditRecord.NO_PREVIOUS).canonicalBytes(), StandardCharsets.UTF_8);
        Files.writeString(records, next.substring(0, 40), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Verification torn = Verifier.verify(folder);
        assertTrue(torn.ok());
        assertEquals(40, torn.tornRecordBytes());
        assertEquals("ok: 5 records, last checkpoint at 5 (40 bytes of an unfinished last write, removed when the log is next opened)",
                torn.summary());

        try (FileAuditLog log = FileAuditLog.open(folder, 2, AuditFolders.FIXED)) {
            assertEquals(acknowledged, Files.size(records), "only the torn bytes were cut");
            assertEquals(5, log.append(AuditKind.LOGIN, "alice", "", "after the repair"));
        }
        assertEquals("ok: 6 records, last checkpoint at 5", Verifier.verify(folder).summary());
    }

    @Test
    void aTornLastCheckpointIsCutWhenTheLogIsOpened() throws Exception {
        AuditFolders.write(folder, 4, 2);
        Path checkpoints = folder.resolve(AuditFiles.CHECKPOINTS);
        String last = AuditFolders.lines(folder, AuditFiles.CHECKPOINTS).get(1);
        Files.writeString(checkpoints, last.substring(0, 30), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(30, Verifier.verify(folder).tornCheckpointBytes());
        try (FileAuditLog log = FileAuditLog.open(folder, 2, AuditFolders.FIXED)) {
            log.append(AuditKind.LOGIN, "alice", "", "one");
            log.append(AuditKind.LOGIN, "alice", "", "two");
        }
        assertEquals("ok: 6 records, last checkpoint at 6", Verifier.verify(folder).summary());
    }

    @Test
    void aLogThatDoesNotVerifyIsNotOpenedForWriting() throws Exception {
        AuditFolders.write(folder, 5, 10);
        List<String> lines = new ArrayList<>(AuditFolders.records(folder));
        lines.set(2, lines.get(2).replace("payload 2", "payload two"));
        AuditFolders.writeRecords(folder, lines);
        AuditLogException e = assertThrows(AuditLogException.class, () -> FileAuditLog.open(folder, 10, Clock.systemUTC()));
        assertEquals("audit log " + folder + " does not verify, so nothing more is appended to it: record 2: changed: its hash is not the one "
                + "record 3 carries", e.getMessage());
    }

    @Test
    void appendsToAClosedLogAreRefusedAndCounted() throws Exception {
        FileAuditLog log = FileAuditLog.open(folder, 10, Clock.systemUTC());
        log.append(AuditKind.LOGIN, "alice", "", "in");
        log.close();
        AuditLogException e = assertThrows(AuditLogException.class, () -> log.append(AuditKind.LOGIN, "alice", "", "out"));
        assertEquals("audit log " + folder + " refuses appends: it is closed", e.getMessage());
        assertEquals(1, log.failedAppends());
    }

    @Test
    void appendsFromManyThreadsEachGetTheirOwnPlaceInOneChain() throws Exception {
        try (FileAuditLog log = FileAuditLog.open(folder, 16, Clock.systemUTC())) {
            List<Thread> threads = new ArrayList<>();
            Set<Long> sequences = ConcurrentHashMap.newKeySet();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < 40; i++) {
                        sequences.add(log.append(AuditKind.LOGIN, "user" + thread, "", "login " + i));
                    }
                });
                writer.start();
                threads.add(writer);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(160, sequences.size());
            assertEquals(160, log.head().size());
        }
        assertEquals("ok: 160 records, last checkpoint at 160", Verifier.verify(folder).summary());
    }

    @Test
    void malformedArgumentsAreRefusedWithTheValue() throws Exception {
        try (FileAuditLog log = FileAuditLog.open(folder, 10, Clock.systemUTC())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.append("Command Status", "alice", "", "x"));
            assertEquals("audit kind [Command Status] must be lower-case words separated by dots, at most 64 characters, like command.rendering",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> log.append(AuditKind.LOGIN, "alice", "", "half \ud83d"));
            assertEquals(0, log.head().size(), "nothing was written");
            assertEquals(0, log.failedAppends(), "a malformed argument is not a failed write");
            assertEquals(0, log.append(AuditKind.LOGIN, "alice", "", "fine"));
        }
    }
}
