package org.gatehouse.channels.tunnel;

import java.util.Arrays;

/**
 * A sliding window over the sequence numbers of one direction of one key generation (the shape of
 * RFC 4303 section 3.4.3): a number above the highest seen is new; one within the window is new
 * once; one below the window is too old. {@link #check} only looks; {@link #accept} records, and
 * is called only after the frame's tag was verified, so a forged frame moves nothing.
 */
final class ReplayWindow {
    /** What {@link #check} found. */
    enum Verdict { NEW, REPLAYED, TOO_OLD }

    private final int size;
    private final long[] seen;
    private long highest = -1;

    /** @param size the window in frames, a multiple of 64 from 64 to 4096 */
    ReplayWindow(int size) {
        if (size < 64 || size > 4096 || size % 64 != 0) {
            throw new IllegalArgumentException("a replay window of 64 to 4096 frames in steps of 64, got " + size);
        }
        this.size = size;
        this.seen = new long[size / 64];
    }

    Verdict check(long sequence) {
        if (sequence < 0) {
            return Verdict.TOO_OLD;
        }
        if (sequence > highest) {
            return Verdict.NEW;
        }
        long behind = highest - sequence;
        if (behind >= size) {
            return Verdict.TOO_OLD;
        }
        return isSet(sequence) ? Verdict.REPLAYED : Verdict.NEW;
    }

    void accept(long sequence) {
        if (check(sequence) != Verdict.NEW) {
            throw new IllegalStateException("sequence " + sequence + " is not new to the window");
        }
        if (sequence > highest) {
            long advance = highest < 0 ? size : sequence - highest;
            if (advance >= size) {
                Arrays.fill(seen, 0L);
            } else {
                for (long s = highest + 1; s < sequence; s++) {
                    clear(s);
                }
            }
            highest = sequence;
        }
        set(sequence);
    }

    private boolean isSet(long sequence) {
        int bit = (int) (sequence % size);
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void set(long sequence) {
        int bit = (int) (sequence % size);
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(long sequence) {
        int bit = (int) (sequence % size);
        seen[bit >>> 6] &= ~(1L << (bit & 63));
    }
}
