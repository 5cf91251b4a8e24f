package org.gatehouse.audit.log.internal.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tree against the published Certificate Transparency test vectors (the eight reference leaves
 * and their roots, audit paths and consistency proofs), against a plain recursive reading of RFC
 * 9162 section 2.1.1 for every size up to 70, and the RFC's verification algorithms against every
 * proof of every tree up to 40 leaves, each with a corrupted twin that must fail.
 */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static MerkleTree referenceTree() {
        MerkleTree tree = new MerkleTree();
        for (String leaf : LEAVES) {
            tree.append(TreeHashes.leaf(HEX.parseHex(leaf)));
        }
        return tree;
    }

    @Test
    void rootsAreTheReferenceRootsForEverySize() {
        MerkleTree tree = referenceTree();
        for (int size = 0; size <= 8; size++) {
            assertEquals(ROOTS[size], HEX.formatHex(tree.root(size)), "size " + size);
        }
    }

    @Test
    void auditPathsAreTheReferencePaths() {
        MerkleTree tree = referenceTree();
        assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), hex(tree.inclusionPath(0, 8)));
        assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), hex(tree.inclusionPath(5, 8)));
        assertEquals(List.of(), hex(tree.inclusionPath(0, 1)));
    }

    @Test
    void consistencyProofsAreTheReferenceProofs() {
        MerkleTree tree = referenceTree();
        assertEquals(List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), hex(tree.consistencyProof(2, 8)));
        assertEquals(List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"), hex(tree.consistencyProof(2, 5)));
        // PROOF(1, D[8]) is the audit path of leaf 0 (RFC 9162 section 2.1.4.1)
        assertEquals(hex(tree.inclusionPath(0, 8)), hex(tree.consistencyProof(1, 8)));
        assertEquals(List.of(), hex(tree.consistencyProof(8, 8)));
    }

    @Test
    void everyRootMatchesThePlainRecursiveDefinition() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree tree = new MerkleTree();
        for (int n = 1; n <= 70; n++) {
            byte[] leaf = TreeHashes.leaf(new byte[] {(byte) n, (byte) (n * 7)});
            leaves.add(leaf);
            tree.append(leaf);
            for (int size = 1; size <= n; size++) {
                assertArrayEquals(mth(leaves.subList(0, size)), tree.root(size), "size " + size + " of " + n);
            }
        }
    }

    @Test
    void everyInclusionProofVerifiesAndACorruptedOneDoesNot() {
        MerkleTree tree = tree(40);
        for (long size = 1; size <= 40; size++) {
            byte[] root = tree.root(size);
            for (long index = 0; index < size; index++) {
                List<byte[]> path = tree.inclusionPath(index, size);
                byte[] leaf = tree.leaf(index);
                assertTrue(ProofVerification.inclusion(index, size, path, leaf, root), index + " in " + size);
                if (size > 1) {
                    assertFalse(ProofVerification.inclusion(index, size, path, tree.leaf((index + 1) % size), root), "another leaf at " + index);
                }
                assertFalse(ProofVerification.inclusion(index + size, size, path, leaf, root), "index beyond the tree");
                if (!path.isEmpty()) {
                    List<byte[]> corrupted = new ArrayList<>(path);
                    byte[] flipped = corrupted.get(corrupted.size() - 1).clone();
                    flipped[0] ^= 1;
                    corrupted.set(corrupted.size() - 1, flipped);
                    assertFalse(ProofVerification.inclusion(index, size, corrupted, leaf, root), "corrupted " + index + " in " + size);
                    assertFalse(ProofVerification.inclusion(index, size, path.subList(0, path.size() - 1), leaf, root), "short path");
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndACorruptedOneDoesNot() {
        MerkleTree tree = tree(40);
        for (long second = 1; second <= 40; second++) {
            for (long first = 0; first <= second; first++) {
                List<byte[]> proof = tree.consistencyProof(first, second);
                byte[] firstRoot = tree.root(first);
                byte[] secondRoot = tree.root(second);
                assertTrue(ProofVerification.consistency(first, second, proof, firstRoot, secondRoot), first + " -> " + second);
                if (first > 0 && first < second) {
                    byte[] otherFirst = tree.root(first - 1);
                    assertFalse(ProofVerification.consistency(first, second, proof, otherFirst, secondRoot), "wrong first root " + first);
                    assertFalse(ProofVerification.consistency(first, second, proof, firstRoot, firstRoot), "wrong second root " + second);
                    List<byte[]> corrupted = new ArrayList<>(proof);
                    byte[] flipped = corrupted.get(0).clone();
                    flipped[31] ^= 1;
                    corrupted.set(0, flipped);
                    assertFalse(ProofVerification.consistency(first, second, corrupted, firstRoot, secondRoot), "corrupted " + first);
                    assertFalse(ProofVerification.consistency(first, second, List.of(), firstRoot, secondRoot), "empty " + first);
                }
            }
        }
    }

    @Test
    void outOfRangeRequestsAreRefusedWithTheValues() {
        MerkleTree tree = tree(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree.inclusionPath(5, 5));
        assertEquals("leaf index 5 is outside [0, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(3, 6));
        assertEquals("second tree size 6 is outside [0, 5]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tree.root(6));
    }

    private static MerkleTree tree(int n) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < n; i++) {
            tree.append(TreeHashes.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return tree;
    }

    /** MTH of RFC 9162 section 2.1.1, as written there. */
    private static byte[] mth(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return TreeHashes.node(mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
