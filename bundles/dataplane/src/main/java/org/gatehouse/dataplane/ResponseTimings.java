package org.gatehouse.dataplane;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long one listener took to answer its requests, from the request head's arrival to the last
 * byte of the response handed to the connection, as a histogram with fixed bucket bounds, and how
 * many answers of each status class it gave ({@code 1xx} to {@code 5xx}), whoever made them: an
 * upstream, a flow step, or the element's own refusal. Counts only grow.
 *
 * @param bucketBounds upper bounds of the buckets in seconds, ascending; a last bucket of +Inf is implied
 * @param bucketCounts answers at or below each bound (cumulative), one per bound
 * @param count every answer timed, the +Inf bucket
 * @param sumSeconds the time of every answer timed, summed
 * @param statusClasses answers by status class ({@code 2xx}...), sorted
 */
public record ResponseTimings(List<Double> bucketBounds, List<Long> bucketCounts, long count, double sumSeconds,
                              Map<String, Long> statusClasses) {
    public ResponseTimings {
        bucketBounds = List.copyOf(bucketBounds);
        bucketCounts = List.copyOf(bucketCounts);
        statusClasses = Collections.unmodifiableMap(new TreeMap<>(statusClasses));
        if (bucketBounds.size() != bucketCounts.size()) {
            throw new IllegalArgumentException(bucketBounds.size() + " bucket bounds but " + bucketCounts.size() + " counts");
        }
    }
}
