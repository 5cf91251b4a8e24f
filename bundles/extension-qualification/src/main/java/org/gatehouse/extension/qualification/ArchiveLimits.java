package org.gatehouse.extension.qualification;

/**
 * Bounds on an uploaded archive, checked before anything reads it as a bundle (docs/extensions.md "Install qualification"). Sizes
 * are measured while the archive is inflated; the sizes written in its headers are never trusted.
 *
 * @param maxFileBytes largest file accepted, as stored
 * @param maxEntries most entries accepted
 * @param maxTotalUncompressedBytes most bytes all entries may inflate to together
 * @param maxCompressionRatio largest inflated-to-compressed ratio of one entry (zip bomb)
 * @param ratioCheckMinBytes an entry's ratio is judged once it has inflated past this many bytes,
 *        so tiny, highly compressible files (an empty-ish properties file) do not trip it
 */
public record ArchiveLimits(long maxFileBytes, int maxEntries, long maxTotalUncompressedBytes,
        int maxCompressionRatio, long ratioCheckMinBytes) {
    /** 64 MiB stored, 10,000 entries, 256 MiB inflated, ratio 100 judged past 1 MiB. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(64L << 20, 10_000, 256L << 20, 100, 1L << 20);

    public ArchiveLimits {
        requirePositive("maxFileBytes", maxFileBytes);
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxTotalUncompressedBytes", maxTotalUncompressedBytes);
        requirePositive("maxCompressionRatio", maxCompressionRatio);
        if (ratioCheckMinBytes < 0) {
            throw new IllegalArgumentException("ratioCheckMinBytes must be >= 0, got " + ratioCheckMinBytes);
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
