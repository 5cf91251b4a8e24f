package org.gatehouse.audit.log.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.audit.log.AuditKind;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.audit.log.AuditLogException;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.ConsistencyProof;
import org.gatehouse.audit.log.InclusionProof;
import org.gatehouse.audit.log.TreeHead;
import org.gatehouse.audit.log.internal.merkle.MerkleTree;
import org.gatehouse.audit.log.internal.merkle.TreeHashes;
import org.gatehouse.audit.log.internal.store.AuditFiles;
import org.gatehouse.audit.log.internal.store.ElementKey;
import org.gatehouse.audit.log.internal.store.LogScan;
import org.gatehouse.audit.log.internal.store.Offsets;
import org.gatehouse.audit.log.internal.store.RecordCodec;

/**
 * The audit log over a folder (bundles/audit-log/README.md). Opening it verifies the whole folder
 * and refuses a log that does not verify; a torn last record or checkpoint (the element stopped in
 * the middle of a write) is cut off, which never loses an acknowledged record, since a record is
 * acknowledged only after its newline is on disk. Every append writes one line and forces it
 * before it returns; a write or force that fails leaves the log refusing appends until it is
 * opened again, since what reached the disk is then unknown. One writer per folder: a file lock
 * keeps a second one out.
 *
 * <pre>{@code
 * try (FileAuditLog log = FileAuditLog.open(dataDir.resolve("audit"), 1000, Clock.systemUTC())) {
 *     long seq = log.append(AuditKind.LOGIN, "alice", "", "bearer token accepted");
 * }
 * }</pre>
 */
public final class FileAuditLog implements AuditLog, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.audit.log");
    /** The longest payload, in characters. */
    public static final int MAX_PAYLOAD = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    private final Path folder;
    private final int checkpointEvery;
    private final Clock clock;
    private final ElementKey key;
    private final FileChannel records;
    private final FileChannel checkpoints;
    private final FileLock lock;
    private final MerkleTree tree;
    private final Offsets offsets;
    private final AtomicLong failedAppends = new AtomicLong();
    private byte[] lastHash;
    private long recordsEnd;
    private long checkpointsEnd;
    private volatile Checkpoint latest;
    private String broken;
    private boolean closed;

    private FileAuditLog(Path folder, int checkpointEvery, Clock clock, ElementKey key, LogScan scan, FileChannel records,
            FileChannel checkpoints, FileLock lock) {
        this.folder = folder;
        this.checkpointEvery = checkpointEvery;
        this.clock = clock;
        this.key = key;
        this.records = records;
        this.checkpoints = checkpoints;
        this.lock = lock;
        this.tree = scan.tree();
        this.offsets = scan.offsets();
        this.lastHash = scan.lastHash();
        this.recordsEnd = scan.recordsEnd();
        this.checkpointsEnd = scan.checkpointsEnd();
        List<Checkpoint> signed = scan.checkpoints();
        this.latest = signed.isEmpty() ? null : signed.get(signed.size() - 1);
    }

    /**
     * Opens (or starts) the log in {@code folder}, signing a checkpoint every {@code checkpointEvery}
     * records. Throws {@link AuditLogException} when the folder does not verify.
     */
    public static FileAuditLog open(Path folder, int checkpointEvery, Clock clock) throws IOException {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval " + checkpointEvery + " must be at least 1 record");
        }
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            if (folder.toAbsolutePath().getParent() != null) {
                AuditFiles.forceFolder(folder.toAbsolutePath().getParent());
            }
        }
        FileChannel records = channel(folder, AuditFiles.RECORDS);
        FileChannel checkpoints = null;
        try {
            FileLock lock = lock(records, folder);
            Path checkpointsFile = folder.resolve(AuditFiles.CHECKPOINTS);
            boolean signedBefore = Files.exists(checkpointsFile) && Files.size(checkpointsFile) > 0;
            ElementKey key = ElementKey.loadOrCreate(folder, !signedBefore);
            checkpoints = channel(folder, AuditFiles.CHECKPOINTS);
            LogScan scan = LogScan.scan(folder, key.publicKey());
            if (scan.problem().isPresent()) {
                throw new AuditLogException("audit log " + folder + " does not verify, so nothing more is appended to it: "
                        + scan.problem().get().message());
            }
            repair(records, scan.recordsEnd(), scan.tornRecordBytes(), folder.resolve(AuditFiles.RECORDS));
            repair(checkpoints, scan.checkpointsEnd(), scan.tornCheckpointBytes(), checkpointsFile);
            return new FileAuditLog(folder, checkpointEvery, clock, key, scan, records, checkpoints, lock);
        } catch (IOException | RuntimeException e) {
            records.close();
            if (checkpoints != null) {
                checkpoints.close();
            }
            throw e;
        }
    }

    private static FileChannel channel(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (created) {
            AuditFiles.forceFolder(folder);
        }
        return channel;
    }

    private static FileLock lock(FileChannel records, Path folder) throws IOException {
        try {
            FileLock lock = records.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by this process
        }
        throw new AuditLogException("audit log " + folder + " is already open for writing");
    }

    /** Cuts the bytes of an unfinished last write: they were never acknowledged. */
    private static void repair(FileChannel channel, long end, long torn, Path file) throws IOException {
        if (torn > 0) {
            channel.truncate(end);
            channel.force(true);
            LOG.log(Level.WARNING, file + ": removed " + torn + " bytes of an unfinished last write after offset " + end);
        }
    }

    @Override
    public long append(String kind, String actor, String subject, String payload) {
        AuditKind.check(kind);
        if (payload != null && payload.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length() + " characters, at most " + MAX_PAYLOAD);
        }
        synchronized (this) {
            if (closed || broken != null) {
                failedAppends.incrementAndGet();
                throw new AuditLogException("audit log " + folder + " refuses appends: " + (closed ? "it is closed" : broken));
            }
            long seq = tree.size();
            AuditRecord record = new AuditRecord(seq, clock.instant(), kind, actor, subject, payload, HEX.formatHex(lastHash));
            byte[] bytes = RecordCodec.encode(record);
            try {
                writeLine(records, recordsEnd, bytes);
            } catch (IOException e) {
                failedAppends.incrementAndGet();
                broken = "record " + seq + " could not be made durable (" + e.getMessage() + "); reopen the log to continue";
                throw new AuditLogException("audit " + broken, e);
            }
            tree.append(TreeHashes.leaf(bytes));
            offsets.add(recordsEnd);
            recordsEnd += bytes.length + 1;
            lastHash = TreeHashes.sha256(bytes);
            Checkpoint last = latest;
            if (tree.size() - (last == null ? 0 : last.treeSize()) >= checkpointEvery) {
                checkpointAfterAppend();
            }
            return seq;
        }
    }

    /** The record is durable whatever happens here; a checkpoint that fails is tried again after the next append. */
    private void checkpointAfterAppend() {
        try {
            checkpoint();
        } catch (AuditLogException e) {
            LOG.log(Level.WARNING, "audit checkpoint at size " + tree.size() + " failed; tried again after the next record: " + e.getMessage());
        }
    }

    @Override
    public synchronized Checkpoint checkpoint() {
        if (closed) {
            throw new AuditLogException("audit log " + folder + " is closed");
        }
        long size = tree.size();
        Checkpoint last = latest;
        if (last != null && last.treeSize() == size) {
            return last;
        }
        String root = HEX.formatHex(tree.root(size));
        String keyId = Checkpoint.keyIdOf(key.publicKey());
        Instant time = clock.instant();
        byte[] signature = key.sign(RecordCodec.signedCheckpointBytes(size, root, time, keyId));
        Checkpoint checkpoint = new Checkpoint(size, root, time, keyId, Base64.getEncoder().encodeToString(signature));
        byte[] bytes = RecordCodec.encode(checkpoint);
        try {
            writeLine(checkpoints, checkpointsEnd, bytes);
        } catch (IOException e) {
            // whatever part of the line reached the file must go before the next checkpoint is written there
            try {
                checkpoints.truncate(checkpointsEnd);
            } catch (IOException again) {
                broken = "the checkpoints file could not be cut back after a failed write (" + again.getMessage() + "); reopen the log";
            }
            throw new AuditLogException("audit checkpoint at size " + size + " could not be made durable: " + e.getMessage(), e);
        }
        checkpointsEnd += bytes.length + 1;
        latest = checkpoint;
        return checkpoint;
    }

    /** One write of the line and its newline at {@code offset}, then a force: durable when this returns. */
    private static void writeLine(FileChannel channel, long offset, byte[] bytes) throws IOException {
        ByteBuffer line = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n').flip();
        long at = offset;
        while (line.hasRemaining()) {
            at += channel.write(line, at);
        }
        // fdatasync: the data and the file length that reaches it
        channel.force(false);
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint() {
        return Optional.ofNullable(latest);
    }

    @Override
    public synchronized TreeHead head() {
        return new TreeHead(tree.size(), HEX.formatHex(tree.root(tree.size())));
    }

    @Override
    public synchronized List<AuditRecord> read(long from, int count) {
        if (from < 0 || count < 0) {
            throw new IllegalArgumentException("records from " + from + ", count " + count + ": both must be 0 or more");
        }
        long to = Math.min(tree.size(), from + count);
        List<AuditRecord> out = new ArrayList<>();
        try {
            for (long seq = from; seq < to; seq++) {
                long start = offsets.get(seq);
                long end = seq + 1 < tree.size() ? offsets.get(seq + 1) : recordsEnd;
                ByteBuffer line = ByteBuffer.allocate((int) (end - start - 1));
                long at = start;
                while (line.hasRemaining()) {
                    int n = records.read(line, at);
                    if (n < 0) {
                        throw new IOException("end of file at " + at);
                    }
                    at += n;
                }
                out.add(RecordCodec.decodeRecord(line.array()));
            }
        } catch (IOException e) {
            throw new AuditLogException("audit log " + folder + ": cannot read records from " + from + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized InclusionProof inclusionProof(long sequence, long treeSize) {
        return new InclusionProof(sequence, treeSize, hex(tree.inclusionPath(sequence, treeSize)));
    }

    @Override
    public synchronized ConsistencyProof consistencyProof(long fromSize, long toSize) {
        return new ConsistencyProof(fromSize, toSize, hex(tree.consistencyProof(fromSize, toSize)));
    }

    @Override
    public PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public long failedAppends() {
        return failedAppends.get();
    }

    /** The folder this log lives in. */
    public Path folder() {
        return folder;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            records.close();
            checkpoints.close();
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
