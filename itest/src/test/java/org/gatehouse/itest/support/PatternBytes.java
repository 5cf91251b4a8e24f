package org.gatehouse.itest.support;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A body of any length whose bytes depend only on their position, so a sender and a receiver
 * that never share memory can agree on its SHA-256 without either holding it whole.
 *
 * <pre>{@code
 * String expected = PatternBytes.sha256(64 << 20);
 * InputStream body = PatternBytes.stream(64 << 20);
 * }</pre>
 */
public final class PatternBytes {

    private PatternBytes() {
    }

    /** The byte at {@code position}: cheap to compute and not periodic at any small period. */
    public static byte at(long position) {
        long mixed = position * 0x9E3779B97F4A7C15L;
        return (byte) (mixed >>> 56 ^ position >>> 20);
    }

    /** Fills {@code buffer[0..length)} with the bytes starting at {@code position}. */
    public static void fill(byte[] buffer, int length, long position) {
        for (int i = 0; i < length; i++) {
            buffer[i] = at(position + i);
        }
    }

    /** The SHA-256 (lower-case hex) of the first {@code length} bytes. */
    public static String sha256(long length) {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[64 * 1024];
        for (long done = 0; done < length; ) {
            int chunk = (int) Math.min(buffer.length, length - done);
            fill(buffer, chunk, done);
            digest.update(buffer, 0, chunk);
            done += chunk;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** The first {@code length} bytes as a stream that produces them on demand. */
    public static InputStream stream(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? at(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] target, int offset, int count) {
                if (position >= length) {
                    return -1;
                }
                int chunk = (int) Math.min(count, length - position);
                for (int i = 0; i < chunk; i++) {
                    target[offset + i] = at(position + i);
                }
                position += chunk;
                return chunk;
            }
        };
    }
}
