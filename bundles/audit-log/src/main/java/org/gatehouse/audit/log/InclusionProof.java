package org.gatehouse.audit.log;

import java.util.List;
import org.gatehouse.audit.log.internal.merkle.ProofVerification;

/**
 * The audit path of one record in the tree of {@code treeSize} records (RFC 9162 section 2.1.3),
 * from the leaf up.
 *
 * <pre>{@code
 * InclusionProof p = log.inclusionProof(seq, checkpoint.treeSize());
 * boolean in = p.verify(record.leafHash(), checkpoint.rootHash());
 * }</pre>
 *
 * @param leafIndex the record's sequence number
 * @param treeSize  the size of the tree the path leads up to
 * @param path      the sibling hashes, lower-case hex, leaf level first
 */
public record InclusionProof(long leafIndex, long treeSize, List<String> path) {
    public InclusionProof {
        path = HashText.checkAll(path, "audit path hash");
    }

    /** RFC 9162 section 2.1.3.2: true when this path leads from {@code leafHash} to {@code rootHash}. */
    public boolean verify(String leafHash, String rootHash) {
        return ProofVerification.inclusion(leafIndex, treeSize, HashText.bytes(path),
                HashText.bytes(HashText.check(leafHash, "leaf hash")), HashText.bytes(HashText.check(rootHash, "root hash")));
    }
}
