package org.gatehouse.audit.log.internal.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of RFC 9162 section 2.1.1 with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an
 * interior node {@code SHA-256(0x01 || left || right)}, and the empty tree {@code SHA-256()}. The
 * prefixes keep a leaf from ever being taken for a node (second-preimage resistance).
 */
public final class TreeHashes {
    /** Length of every hash, in bytes. */
    public static final int LENGTH = 32;
    private static final byte[] EMPTY = sha256().digest();

    private TreeHashes() {
    }

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] leaf(byte[] data) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x00);
        return digest.digest(data);
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x01);
        digest.update(left);
        return digest.digest(right);
    }

    /** The root of the empty tree, {@code SHA-256()} of nothing. */
    public static byte[] empty() {
        return EMPTY.clone();
    }

    /** Plain SHA-256 of the bytes (the hash chain of the records). */
    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    /** The largest power of two smaller than {@code n}, for {@code n > 1} (the split {@code k} of RFC 9162 section 2.1.1). */
    static long split(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("a split needs at least 2 leaves, not " + n);
        }
        return Long.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
