package org.gatehouse.sample.rate.limiter;

/**
 * One key's token bucket, in exact integer arithmetic: a token is worth {@code periodNanos} units,
 * the bucket gains {@code rate} units per nanosecond (so {@code rate} tokens per period) up to
 * {@code burst} tokens, and each request takes one token. Thread-safe.
 *
 * <p>With the descriptor's bounds (burst and rate up to 10^6, period up to an hour) the capacity,
 * 3.6 * 10^18 units at most, fits a {@code long}.
 */
final class TokenBucket {
    private final long unitsPerToken;
    private final long rate;
    private final long capacity;
    private long units;
    private long refilledAt;

    /** A full bucket, as for a key not seen before. */
    TokenBucket(long burst, long periodNanos, long rate, long nowNanos) {
        this.unitsPerToken = periodNanos;
        this.rate = rate;
        this.capacity = Math.multiplyExact(burst, periodNanos);
        this.units = capacity;
        this.refilledAt = nowNanos;
    }

    /**
     * Takes one token if there is one.
     *
     * @return 0 when a token was taken, else how many nanoseconds until one will be there
     */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (units >= unitsPerToken) {
            units -= unitsPerToken;
            return 0;
        }
        long missing = unitsPerToken - units;
        return (missing + rate - 1) / rate;
    }

    private void refill(long nowNanos) {
        // a clock set back refills nothing, and does not move the refill mark back either
        if (nowNanos <= refilledAt) {
            return;
        }
        long elapsed = nowNanos - refilledAt;
        refilledAt = nowNanos;
        long toFull = (capacity - units + rate - 1) / rate;
        // compared first, so elapsed * rate is only computed when it stays below the capacity
        units = elapsed >= toFull ? capacity : units + elapsed * rate;
    }
}
