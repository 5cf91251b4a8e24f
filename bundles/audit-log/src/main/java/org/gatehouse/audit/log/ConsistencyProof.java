package org.gatehouse.audit.log;

import java.util.List;
import org.gatehouse.audit.log.internal.merkle.ProofVerification;

/**
 * The proof that the tree of {@code secondSize} records extends the tree of {@code firstSize}
 * records, nothing before it changed (RFC 9162 section 2.1.4). An auditor holding an old checkpoint
 * asks for one to the newest checkpoint and checks that the log only grew.
 *
 * <pre>{@code
 * Checkpoint newest = log.checkpoint();
 * ConsistencyProof p = log.consistencyProof(old.treeSize(), newest.treeSize());
 * boolean onlyGrew = newest.verify(elementKey) && p.verify(old.rootHash(), newest.rootHash());
 * }</pre>
 *
 * @param firstSize  the size of the older tree
 * @param secondSize the size of the newer tree
 * @param path       the proof's hashes, lower-case hex, in the order of RFC 9162 section 2.1.4.1
 */
public record ConsistencyProof(long firstSize, long secondSize, List<String> path) {
    public ConsistencyProof {
        path = HashText.checkAll(path, "consistency proof hash");
    }

    /** RFC 9162 section 2.1.4.2: true when the older root and the newer root are consistent through this proof. */
    public boolean verify(String firstRoot, String secondRoot) {
        return ProofVerification.consistency(firstSize, secondSize, HashText.bytes(path),
                HashText.bytes(HashText.check(firstRoot, "first root")), HashText.bytes(HashText.check(secondRoot, "second root")));
    }
}
