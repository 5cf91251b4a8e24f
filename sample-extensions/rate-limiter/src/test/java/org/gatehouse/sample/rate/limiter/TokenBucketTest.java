package org.gatehouse.sample.rate.limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bucket's arithmetic at the edges of the descriptor's domain. */
class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theLargestBucketFitsAndRefillsAfterAnyPause() {
        long hour = TimeUnit.HOURS.toNanos(1);
        TokenBucket bucket = new TokenBucket(1_000_000, hour, 1, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(Long.MAX_VALUE / 2), "a pause of centuries neither overflows nor overfills");
    }

    @Test
    void aClockSetBackRefillsNothing() {
        TokenBucket bucket = new TokenBucket(1, SECOND, 1, 10 * SECOND);
        assertEquals(0, bucket.take(10 * SECOND));
        assertEquals(SECOND, bucket.take(5 * SECOND));
        assertEquals(SECOND / 2, bucket.take(10 * SECOND + SECOND / 2));
        assertEquals(0, bucket.take(11 * SECOND));
    }

    @Test
    void highRatesAreExact() {
        TokenBucket bucket = new TokenBucket(1, 1_000_000, 1_000_000, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(1, bucket.take(0), "a million per millisecond: the next token in one nanosecond");
        assertEquals(0, bucket.take(1));
    }
}
