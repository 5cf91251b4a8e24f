package org.gatehouse.dataplane.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.dataplane.ResponseTimings;

/**
 * One listener's response-time histogram and status-class counts (docs/management.md "Metrics"):
 * an answer costs a few comparisons to find its bucket and two adder increments, on the
 * connection's event loop. Buckets from 5 ms to 10 s, as Prometheus' defaults.
 */
public final class ResponseTimer {
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final LongAdder[] buckets = newAdders(BOUNDS.length + 1);
    private final LongAdder[] classes = newAdders(CLASSES.length);
    private final LongAdder nanos = new LongAdder();

    private static LongAdder[] newAdders(int count) {
        LongAdder[] adders = new LongAdder[count];
        Arrays.setAll(adders, i -> new LongAdder());
        return adders;
    }

    /** Counts one answer of {@code status} that took {@code elapsedNanos}. */
    public void record(int status, long elapsedNanos) {
        long elapsed = Math.max(0, elapsedNanos);
        double seconds = elapsed / 1e9;
        int bucket = 0;
        while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        nanos.add(elapsed);
        int statusClass = status / 100 - 1;
        if (statusClass >= 0 && statusClass < CLASSES.length) {
            classes[statusClass].increment();
        }
    }

    /** What was counted so far; buckets cumulative, as Prometheus reads them. */
    public ResponseTimings snapshot() {
        List<Double> bounds = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long running = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            running += buckets[i].sum();
            bounds.add(BOUNDS[i]);
            cumulative.add(running);
        }
        long count = running + buckets[BOUNDS.length].sum();
        Map<String, Long> byClass = new TreeMap<>();
        for (int i = 0; i < CLASSES.length; i++) {
            byClass.put(CLASSES[i], classes[i].sum());
        }
        return new ResponseTimings(bounds, cumulative, count, nanos.sum() / 1e9, byClass);
    }
}
