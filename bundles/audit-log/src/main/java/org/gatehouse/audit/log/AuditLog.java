package org.gatehouse.audit.log;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The element's append-only, tamper-evident audit log: every record is chained to the one before
 * it by its SHA-256, every record is a leaf of an RFC 9162 Merkle tree, and signed checkpoints fix
 * the tree's root at a size, so that anyone holding a checkpoint and the element's public key can
 * check that nothing before it changed and that the log only grew.
 *
 * <pre>{@code
 * long seq = log.append(AuditKind.COMMAND_STATUS, "alice", "command 42", "done");
 * InclusionProof proof = log.inclusionProof(seq, log.head().size());
 * boolean in = proof.verify(log.read(seq, 1).get(0).leafHash(), log.head().rootHash());
 * }</pre>
 *
 * <p>Appends are durable when they return and fail closed: an append that cannot be written throws
 * {@link AuditLogException}, is counted in {@link #failedAppends()}, and the log then refuses every
 * append until it is opened again (which repairs an unfinished last record).
 */
@ProviderType
public interface AuditLog {

    /**
     * Appends a record and returns its sequence number once it is on disk (written and forced).
     *
     * @param kind    what happened, lower-case words separated by dots (see {@link AuditKind})
     * @param actor   who did it (a user name, a certificate subject, {@code element})
     * @param subject what it was done to (a command id, a target); may be empty
     * @param payload the text to keep, stored exactly as given (a rendering, a status line)
     * @throws AuditLogException        if the record could not be made durable (nothing was acknowledged)
     * @throws IllegalArgumentException if an argument is malformed (kind, unpaired surrogates, size)
     */
    long append(String kind, String actor, String subject, String payload);

    /** Signs a checkpoint of the current tree head now (or returns the last one, when no record came since), and keeps it. */
    Checkpoint checkpoint();

    /** The newest signed checkpoint, if one was made. */
    Optional<Checkpoint> latestCheckpoint();

    /** The current size and root of the tree (unsigned; see {@link #checkpoint()}). */
    TreeHead head();

    /** The records {@code from, from + 1, ...}, at most {@code count} of them (fewer at the end of the log). */
    List<AuditRecord> read(long from, int count);

    /** The audit path of record {@code sequence} in the tree of the first {@code treeSize} records (RFC 9162 section 2.1.3). */
    InclusionProof inclusionProof(long sequence, long treeSize);

    /** The proof that the tree of {@code toSize} records extends the one of {@code fromSize} (RFC 9162 section 2.1.4). */
    ConsistencyProof consistencyProof(long fromSize, long toSize);

    /** The element's checkpoint key, to hand to auditors (it verifies every {@link Checkpoint}). */
    PublicKey publicKey();

    /** How many appends threw because the record could not be made durable, since the log was opened. */
    long failedAppends();
}
