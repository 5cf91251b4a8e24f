package org.gatehouse.audit.log.internal.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle tree over leaf hashes, with the algorithms of RFC 9162: the tree head
 * {@code MTH(D[n])} of any size up to the current one (section 2.1.1), inclusion proofs
 * {@code PATH(m, D[n])} (section 2.1.3.1) and consistency proofs {@code PROOF(m, D[n])} (section
 * 2.1.4.1). Not thread-safe: its owner serializes access.
 *
 * <p>Every complete, aligned subtree is kept as it is formed ({@code levels[h][i]} is the hash of
 * leaves {@code [i * 2^h, (i + 1) * 2^h)}), and RFC 9162's left subtrees are always such subtrees,
 * so a head or a proof costs O(log n) hashes, not O(n). Memory: about twice the leaf hashes.
 *
 * <pre>{@code
 * MerkleTree tree = new MerkleTree();
 * tree.append(TreeHashes.leaf(recordBytes));
 * byte[] root = tree.root(tree.size());
 * List<byte[]> path = tree.inclusionPath(0, tree.size());
 * }</pre>
 */
public final class MerkleTree {
    private final List<List<byte[]>> levels = new ArrayList<>();

    /** Adds the next leaf, given as its leaf hash ({@link TreeHashes#leaf}). */
    public void append(byte[] leafHash) {
        if (leafHash.length != TreeHashes.LENGTH) {
            throw new IllegalArgumentException("a leaf hash has " + TreeHashes.LENGTH + " bytes, not " + leafHash.length);
        }
        byte[] node = leafHash.clone();
        for (int height = 0;; height++) {
            if (levels.size() == height) {
                levels.add(new ArrayList<>());
            }
            List<byte[]> level = levels.get(height);
            level.add(node);
            if ((level.size() & 1) == 1) {
                return;
            }
            node = TreeHashes.node(level.get(level.size() - 2), node);
        }
    }

    /** Number of leaves. */
    public long size() {
        return levels.isEmpty() ? 0 : levels.get(0).size();
    }

    /** The leaf hash at {@code index}. */
    public byte[] leaf(long index) {
        checkRange(index, 0, size() - 1, "leaf index");
        return levels.get(0).get((int) index).clone();
    }

    /** {@code MTH(D[0:size])}; the empty tree's root for size 0. */
    public byte[] root(long size) {
        checkRange(size, 0, size(), "tree size");
        return size == 0 ? TreeHashes.empty() : hash(0, size).clone();
    }

    /** {@code PATH(index, D[0:size])}, the audit path from the leaf up, RFC 9162 section 2.1.3.1. */
    public List<byte[]> inclusionPath(long index, long size) {
        checkRange(size, 1, size(), "tree size");
        checkRange(index, 0, size - 1, "leaf index");
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    /** {@code PROOF(first, D[0:second])}, RFC 9162 section 2.1.4.1; empty when first is 0 or equals second. */
    public List<byte[]> consistencyProof(long first, long second) {
        checkRange(second, 0, size(), "second tree size");
        checkRange(first, 0, second, "first tree size");
        List<byte[]> proof = new ArrayList<>();
        if (first > 0) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    private void path(long index, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = TreeHashes.split(n);
        if (index < k) {
            path(index, lo, lo + k, out);
            out.add(hash(lo + k, hi));
        } else {
            path(index - k, lo + k, hi, out);
            out.add(hash(lo, lo + k));
        }
    }

    private void subproof(long m, long lo, long hi, boolean whole, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!whole) {
                out.add(hash(lo, hi));
            }
            return;
        }
        long k = TreeHashes.split(n);
        if (m <= k) {
            subproof(m, lo, lo + k, whole, out);
            out.add(hash(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(hash(lo, lo + k));
        }
    }

    /** {@code MTH(D[lo:hi])} for {@code hi > lo}; an aligned power-of-two range is looked up, any other split as RFC 9162 splits it. */
    private byte[] hash(long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1 && lo % n == 0) {
            int height = Long.numberOfTrailingZeros(n);
            return levels.get(height).get((int) (lo >>> height));
        }
        long k = TreeHashes.split(n);
        return TreeHashes.node(hash(lo, lo + k), hash(lo + k, hi));
    }

    private static void checkRange(long value, long min, long max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside [" + min + ", " + max + "]");
        }
    }
}
