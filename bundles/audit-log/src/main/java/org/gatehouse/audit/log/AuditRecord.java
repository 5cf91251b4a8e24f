package org.gatehouse.audit.log;

import java.time.Instant;
import java.util.Objects;
import org.gatehouse.audit.log.internal.merkle.TreeHashes;
import org.gatehouse.audit.log.internal.store.RecordCodec;

/**
 * One record of the audit log, immutable. Its bytes on disk are its canonical JSON ({@link
 * #canonicalBytes()}): the next record carries their SHA-256 as {@code previousHash} (the hash
 * chain), and its Merkle leaf is {@code SHA-256(0x00 || bytes)} (RFC 9162 section 2.1.1).
 *
 * <pre>{@code
 * AuditRecord r = log.read(7, 1).get(0);
 * r.kind();       // "command.rendering"
 * r.payload();    // the text exactly as appended
 * r.leafHash();   // the leaf of the Merkle tree, for InclusionProof.verify
 * }</pre>
 *
 * @param sequence     its place in the log, from 0
 * @param time         when it was appended
 * @param kind         what happened ({@link AuditKind})
 * @param actor        who did it
 * @param subject      what it was done to (may be empty)
 * @param payload      the text kept, exactly as given
 * @param previousHash SHA-256 of the previous record's bytes (64 zeros for record 0), lower-case hex
 */
public record AuditRecord(long sequence, Instant time, String kind, String actor, String subject, String payload, String previousHash) {
    /** The {@code previousHash} of record 0. */
    public static final String NO_PREVIOUS = "0".repeat(64);

    public AuditRecord {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " must be 0 or more");
        }
        Objects.requireNonNull(time, "time");
        AuditKind.check(kind);
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
        HashText.check(previousHash, "previous hash");
    }

    /** The record's canonical JSON, the bytes that are stored, chained and hashed into the tree. */
    public byte[] canonicalBytes() {
        return RecordCodec.encode(this);
    }

    /** SHA-256 of {@link #canonicalBytes()}: what the next record carries as its previous hash. */
    public String hash() {
        return HashText.text(TreeHashes.sha256(canonicalBytes()));
    }

    /** The record's Merkle leaf hash, {@code SHA-256(0x00 || canonicalBytes())}. */
    public String leafHash() {
        return HashText.text(TreeHashes.leaf(canonicalBytes()));
    }
}
