package org.gatehouse.audit.log;

/**
 * The Merkle tree head of the log at a size: {@code MTH(D[size])} of RFC 9162 section 2.1.1.
 *
 * @param size     number of records the tree covers
 * @param rootHash its root, lower-case hex (SHA-256 of nothing for the empty tree)
 */
public record TreeHead(long size, String rootHash) {
    public TreeHead {
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " must be 0 or more");
        }
        HashText.check(rootHash, "root hash");
    }
}
