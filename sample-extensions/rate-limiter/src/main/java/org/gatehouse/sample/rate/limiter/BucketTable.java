package org.gatehouse.sample.rate.limiter;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.gatehouse.sdk.bladelet.MetricCounter;

/**
 * The buckets by key, in least-recently-used order, with bounded memory: a bucket unused for
 * {@code idleNanos} is dropped (lossless once that is longer than the time a bucket takes to fill:
 * a new bucket starts full), and past {@code maxKeys} the least recently used bucket is dropped,
 * which gives that key a full bucket if it comes back. Thread-safe: one lock, held for a map look-up.
 */
final class BucketTable {
    private record Slot(TokenBucket bucket, long usedAt) {
    }

    private final int maxKeys;
    private final long idleNanos;
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private final MetricCounter evictions;

    BucketTable(int maxKeys, long idleNanos, MetricCounter evictions) {
        this.maxKeys = maxKeys;
        this.idleNanos = idleNanos;
        this.evictions = evictions;
    }

    /** The key's bucket, made by {@code create} when the key has none; drops idle and surplus buckets. */
    synchronized TokenBucket bucket(String key, long nowNanos, LongFunction<TokenBucket> create) {
        dropIdle(nowNanos);
        Slot slot = slots.get(key);
        TokenBucket bucket = slot == null ? create.apply(nowNanos) : slot.bucket();
        slots.put(key, new Slot(bucket, nowNanos));
        if (slots.size() > maxKeys) {
            Iterator<Map.Entry<String, Slot>> eldest = slots.entrySet().iterator();
            eldest.next();
            eldest.remove();
            evictions.increment();
        }
        return bucket;
    }

    /** The least recently used buckets come first: stop at the first one still in use. */
    private void dropIdle(long nowNanos) {
        Iterator<Slot> oldestFirst = slots.values().iterator();
        while (oldestFirst.hasNext()) {
            if (nowNanos - oldestFirst.next().usedAt() < idleNanos) {
                return;
            }
            oldestFirst.remove();
            evictions.increment();
        }
    }

    /** How many keys have a bucket now. */
    synchronized int size() {
        return slots.size();
    }
}
