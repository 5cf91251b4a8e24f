package org.gatehouse.audit.log.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.Verification;
import org.gatehouse.audit.log.Verification.Fault;
import org.gatehouse.audit.log.Verification.Problem;
import org.gatehouse.audit.log.internal.merkle.MerkleTree;
import org.gatehouse.audit.log.internal.merkle.TreeHashes;

/**
 * One pass over an audit log folder, shared by the offline verifier and by opening the log for
 * writing: reads every record (sequence number, chain hash, Merkle leaf), then every checkpoint
 * (signature, size, root). It stops at the first problem and names it; what it read before is
 * kept (the tree, each record's offset, the last record's hash), which is the state the writer
 * continues from.
 *
 * <p>How a fault is named: a record whose number is above the expected one is a reordering when
 * the expected record comes later in the file, and a removal when it does not; a record that
 * repeats an earlier one, or a record chained to one before its predecessor, shows that what stands
 * between was inserted; a record whose previous hash matches nothing means its predecessor was
 * changed. A change to the last records that keeps the chain (every later hash recomputed) is
 * caught by the first checkpoint whose root no longer matches.
 */
public final class LogScan {
    private static final int WINDOW = 64;
    private static final HexFormat HEX = HexFormat.of();

    private final MerkleTree tree = new MerkleTree();
    private final Offsets offsets = new Offsets();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final Map<String, Long> recent = new LinkedHashMap<>(WINDOW * 2, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > WINDOW;
        }
    };
    private byte[] lastHash = new byte[TreeHashes.LENGTH];
    private long recordsEnd;
    private long tornRecordBytes;
    private long checkpointsEnd;
    private long tornCheckpointBytes;
    private Problem problem;

    private LogScan() {
    }

    /** Scans the folder's records and checkpoints, verifying checkpoint signatures with {@code publicKey}. */
    public static LogScan scan(Path folder, PublicKey publicKey) throws IOException {
        LogScan scan = new LogScan();
        // checkpoints first: a checkpoint is written only after the records it covers are durable, so
        // records read afterwards include them even while a writer appends (no false truncation)
        Path checkpoints = folder.resolve(AuditFiles.CHECKPOINTS);
        List<LineReader.Line> signed = Files.exists(checkpoints) ? scan.checkpointLines(checkpoints) : List.of();
        Path records = folder.resolve(AuditFiles.RECORDS);
        if (Files.exists(records)) {
            scan.records(records);
        }
        if (scan.problem == null) {
            scan.checkpoints(signed, publicKey);
        }
        return scan;
    }

    public Verification verification() {
        OptionalLong last = checkpoints.isEmpty() ? OptionalLong.empty() : OptionalLong.of(checkpoints.get(checkpoints.size() - 1).treeSize());
        return new Verification(tree.size(), checkpoints.size(), last, tornRecordBytes, tornCheckpointBytes, Optional.ofNullable(problem));
    }

    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    public MerkleTree tree() {
        return tree;
    }

    public Offsets offsets() {
        return offsets;
    }

    public byte[] lastHash() {
        return lastHash.clone();
    }

    public List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** Offset just after the last good record: where the next one is written. */
    public long recordsEnd() {
        return recordsEnd;
    }

    public long tornRecordBytes() {
        return tornRecordBytes;
    }

    public long checkpointsEnd() {
        return checkpointsEnd;
    }

    public long tornCheckpointBytes() {
        return tornCheckpointBytes;
    }

    private void records(Path file) throws IOException {
        try (LineReader reader = new LineReader(file, AuditFiles.MAX_LINE)) {
            LineReader.Line line;
            while ((line = reader.next()) != null) {
                long expected = tree.size();
                AuditRecord record;
                try {
                    record = RecordCodec.decodeRecord(line.bytes());
                } catch (IllegalArgumentException e) {
                    problem = recordProblem(expected, Fault.MALFORMED, "line " + (expected + 1) + " is not a canonical record: " + e.getMessage());
                    return;
                }
                byte[] hash = TreeHashes.sha256(line.bytes());
                if (record.sequence() != expected) {
                    problem = misplaced(record, expected, HEX.formatHex(hash), reader);
                    return;
                }
                if (!record.previousHash().equals(HEX.formatHex(lastHash))) {
                    problem = unchained(record, expected, reader);
                    return;
                }
                tree.append(TreeHashes.leaf(line.bytes()));
                offsets.add(line.offset());
                lastHash = hash;
                recent.put(HEX.formatHex(hash), expected);
                recordsEnd = line.offset() + line.bytes().length + 1;
            }
            tornRecordBytes = reader.tornTail();
        }
    }

    /** A record whose sequence number is not the next one. */
    private Problem misplaced(AuditRecord record, long expected, String hash, LineReader reader) throws IOException {
        long seq = record.sequence();
        if (seq < expected) {
            Long copyOf = recent.get(hash);
            if (copyOf != null) {
                return recordProblem(expected, Fault.INSERTED, "a second copy of record " + copyOf + " stands after record " + (expected - 1));
            }
            Long chainedTo = recent.get(record.previousHash());
            if (chainedTo != null && chainedTo + 1 < expected) {
                return recordProblem(chainedTo + 1, Fault.INSERTED, "not in the chain: record " + seq + " after it is chained to record "
                        + chainedTo);
            }
            return recordProblem(expected, Fault.REORDERED, "record " + seq + " stands where record " + expected + " belongs");
        }
        for (LineReader.Line later; (later = reader.next()) != null;) {
            try {
                if (RecordCodec.decodeRecord(later.bytes()).sequence() == expected) {
                    return recordProblem(expected, Fault.REORDERED, "it stands after record " + seq + " instead of before it");
                }
            } catch (IllegalArgumentException e) {
                // a malformed line later on is not this record
            }
        }
        String before = expected == 0 ? "the log starts with record " + seq : "record " + (expected - 1) + " is followed by record " + seq;
        return recordProblem(expected, Fault.REMOVED, before);
    }

    /** A record in its place whose previous hash is not the hash of the record before it. */
    private Problem unchained(AuditRecord record, long expected, LineReader reader) throws IOException {
        Long chainedTo = recent.get(record.previousHash());
        if (chainedTo != null && chainedTo + 1 < expected) {
            return recordProblem(chainedTo + 1, Fault.INSERTED, "not in the chain: record " + expected + " is chained to record " + chainedTo);
        }
        LineReader.Line next = reader.next();
        if (next != null) {
            try {
                if (RecordCodec.decodeRecord(next.bytes()).previousHash().equals(HEX.formatHex(lastHash))) {
                    return recordProblem(expected, Fault.INSERTED, "not in the chain: the record after it is chained to record " + (expected - 1));
                }
            } catch (IllegalArgumentException e) {
                // the next line proves nothing either way
            }
        }
        if (expected == 0) {
            return recordProblem(0, Fault.CHANGED, "its previous hash does not start the chain");
        }
        return recordProblem(expected - 1, Fault.CHANGED, "its hash is not the one record " + expected + " carries");
    }

    private List<LineReader.Line> checkpointLines(Path file) throws IOException {
        List<LineReader.Line> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(file, AuditFiles.MAX_LINE)) {
            for (LineReader.Line line; (line = reader.next()) != null;) {
                lines.add(line);
            }
            tornCheckpointBytes = reader.tornTail();
            checkpointsEnd = reader.end();
        }
        return lines;
    }

    private void checkpoints(List<LineReader.Line> lines, PublicKey key) {
        String givenKey = Checkpoint.keyIdOf(key);
        long covered = 0;
        int number = 0;
        for (LineReader.Line line : lines) {
            number++;
            Checkpoint c;
            try {
                c = RecordCodec.decodeCheckpoint(line.bytes());
            } catch (IllegalArgumentException e) {
                problem = new Problem(OptionalLong.empty(), Fault.MALFORMED, "checkpoint " + number + ": malformed: " + e.getMessage());
                return;
            }
            String name = "checkpoint " + number + " (size " + c.treeSize() + ", " + c.time() + ")";
            if (!c.keyId().equals(givenKey)) {
                problem = new Problem(OptionalLong.empty(), Fault.BAD_SIGNATURE, name + ": bad signature: signed by key " + c.keyId()
                        + ", not by the given key " + givenKey);
                return;
            }
            if (!c.verify(key)) {
                problem = new Problem(OptionalLong.empty(), Fault.BAD_SIGNATURE, name + ": bad signature: it does not verify with key "
                        + givenKey);
                return;
            }
            if (!checkpoints.isEmpty() && c.treeSize() <= covered) {
                problem = new Problem(OptionalLong.empty(), Fault.MALFORMED, name + ": malformed: its size is not above the previous "
                        + "checkpoint's " + covered);
                return;
            }
            if (c.treeSize() > tree.size()) {
                problem = recordProblem(tree.size(), Fault.TRUNCATED, "the log ends after " + tree.size() + " records, below " + name
                        + " which signed " + c.treeSize());
                return;
            }
            if (!HEX.formatHex(tree.root(c.treeSize())).equals(c.rootHash())) {
                problem = new Problem(OptionalLong.of(covered), Fault.CHANGED, "records " + covered + " to " + (c.treeSize() - 1)
                        + ": changed: one of them is not what " + name + " signed (the tree's root differs)");
                return;
            }
            checkpoints.add(c);
            covered = c.treeSize();
        }
    }

    private static Problem recordProblem(long sequence, Fault fault, String what) {
        return new Problem(OptionalLong.of(sequence), fault, "record " + sequence + ": " + fault.name().toLowerCase(Locale.ROOT)
                + ": " + what);
    }
}
