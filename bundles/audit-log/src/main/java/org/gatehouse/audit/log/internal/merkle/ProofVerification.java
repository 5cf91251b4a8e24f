package org.gatehouse.audit.log.internal.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The verification algorithms of RFC 9162: an inclusion proof (section 2.1.3.2) and a consistency
 * proof (section 2.1.4.2), written step by step as the RFC gives them. They need only the hashes,
 * never the log.
 */
public final class ProofVerification {
    private ProofVerification() {
    }

    /** RFC 9162 section 2.1.3.2: does {@code path} prove the leaf at {@code index} is in the tree of {@code size} with {@code root}? */
    public static boolean inclusion(long index, long size, List<byte[]> path, byte[] leafHash, byte[] root) {
        // 1. leaf_index must be below tree_size
        if (index < 0 || index >= size) {
            return false;
        }
        // 2., 3.
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        // 4.
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHashes.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = TreeHashes.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5.
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * RFC 9162 section 2.1.4.2: does {@code proof} show the tree of {@code second} leaves with
     * {@code secondRoot} extends the tree of {@code first} leaves with {@code firstRoot}? Equal sizes
     * need an empty proof and equal roots; size 0 (the empty tree) is a prefix of every tree.
     */
    public static boolean consistency(long first, long second, List<byte[]> proof, byte[] firstRoot, byte[] secondRoot) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, TreeHashes.empty());
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        // 1.
        if (proof.isEmpty()) {
            return false;
        }
        // 2. an exact power of two: the first tree is a complete subtree, its root starts the path
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        // 3., 4.
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5.
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        // 6.
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHashes.node(c, fr);
                sr = TreeHashes.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = TreeHashes.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7.
        return MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot) && sn == 0;
    }
}
