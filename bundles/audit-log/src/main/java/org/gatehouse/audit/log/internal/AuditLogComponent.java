package org.gatehouse.audit.log.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.ConsistencyProof;
import org.gatehouse.audit.log.InclusionProof;
import org.gatehouse.audit.log.TreeHead;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The audit log as a Declarative Services component: opens {@link FileAuditLog} over
 * {@code <gatehouse.data.dir>/audit} and registers it as the {@link AuditLog} service. Framework
 * property {@code gatehouse.audit.checkpoint-every} sets how many records a checkpoint is signed
 * after (default {@value #DEFAULT_CHECKPOINT_EVERY}). A log that does not verify fails the
 * activation with the first problem, and no service is registered: nothing is recorded into a log
 * that was tampered with.
 */
@Component(service = AuditLog.class, immediate = true)
public final class AuditLogComponent implements AuditLog {
    /** Framework property naming the data folder. */
    public static final String DATA_DIR_PROPERTY = "gatehouse.data.dir";
    /** Framework property: records between two automatic checkpoints. */
    public static final String CHECKPOINT_EVERY_PROPERTY = "gatehouse.audit.checkpoint-every";
    static final int DEFAULT_CHECKPOINT_EVERY = 100;
    private static final System.Logger LOG = System.getLogger("org.gatehouse.audit.log");

    private FileAuditLog log;

    @Activate
    void activate(BundleContext context) throws IOException {
        String data = context.getProperty(DATA_DIR_PROPERTY);
        if (data == null || data.isBlank()) {
            throw new IllegalStateException("framework property " + DATA_DIR_PROPERTY + " is not set; it must name the data folder");
        }
        int every = checkpointEvery(context.getProperty(CHECKPOINT_EVERY_PROPERTY));
        log = FileAuditLog.open(Path.of(data).resolve("audit"), every, Clock.systemUTC());
        LOG.log(Level.INFO, "audit log " + log.folder() + " opened at " + log.head().size() + " records, checkpoint key "
                + Checkpoint.keyIdOf(log.publicKey()));
    }

    static int checkpointEvery(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_CHECKPOINT_EVERY;
        }
        try {
            int every = Integer.parseInt(value.trim());
            if (every >= 1) {
                return every;
            }
        } catch (NumberFormatException e) {
            // refused below with the value
        }
        throw new IllegalStateException("framework property " + CHECKPOINT_EVERY_PROPERTY + " [" + value + "] must be a whole number of records, 1 or more");
    }

    @Deactivate
    void deactivate() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    @Override
    public long append(String kind, String actor, String subject, String payload) {
        return log.append(kind, actor, subject, payload);
    }

    @Override
    public Checkpoint checkpoint() {
        return log.checkpoint();
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint() {
        return log.latestCheckpoint();
    }

    @Override
    public TreeHead head() {
        return log.head();
    }

    @Override
    public List<AuditRecord> read(long from, int count) {
        return log.read(from, count);
    }

    @Override
    public InclusionProof inclusionProof(long sequence, long treeSize) {
        return log.inclusionProof(sequence, treeSize);
    }

    @Override
    public ConsistencyProof consistencyProof(long fromSize, long toSize) {
        return log.consistencyProof(fromSize, toSize);
    }

    @Override
    public PublicKey publicKey() {
        return log.publicKey();
    }

    @Override
    public long failedAppends() {
        return log.failedAppends();
    }
}
