package org.gatehouse.dataplane.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.dataplane.ResponseTimings;

/**
 * What the data plane counts for the metrics (docs/management.md "Metrics"): requests per
 * listener, per route how its upstream exchanges ended, per listener the requests refused
 * before reaching an upstream and how long its answers took ({@link ResponseTimer}). One instance lives as long as the engine, across configuration
 * changes, so a listener rebound or a route replaced keeps counting under the same name.
 *
 * <p>The request path pays one {@link LongAdder} increment per request (the adder is handed to
 * the listener's {@link ListenerContext} once, at bind); an upstream outcome costs one lock-free
 * map read and one increment.
 *
 * <pre>{@code
 * TrafficCounters traffic = new TrafficCounters();
 * new ListenerContext("public", "http", snapshots::get, processor, traffic);
 * Map<String, Long> requests = traffic.requestsByListener();
 * }</pre>
 */
public final class TrafficCounters {
    /** The outcome of an exchange whose response reached the client whole. */
    public static final String RESPONSE = "response";
    /** The outcome of an exchange whose response was cut short after it started. */
    public static final String ABORTED = "aborted";

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> refusals = new ConcurrentHashMap<>();
    private final Map<String, ResponseTimer> timers = new ConcurrentHashMap<>();

    /** The request counter of one listener, made on first use. */
    public LongAdder listener(String name) {
        return requests.computeIfAbsent(name, n -> new LongAdder());
    }

    /**
     * Counts how one exchange with a route's upstream ended: {@link #RESPONSE}, {@link #ABORTED},
     * or the error code the client was answered with ({@code upstream_unavailable}, {@code upstream_timeout}, ...).
     */
    public void upstreamOutcome(String route, String outcome) {
        increment(outcomes, route, outcome);
    }

    /**
     * Counts a request or connection the element refused on a listener before anything reached an
     * upstream, by the error code: {@code request_timeout} (a slow client), {@code bad_framing},
     * {@code bad_target}, {@code bad_host}, {@code http_version_not_supported}, ...
     */
    public void refused(String listener, String code) {
        increment(refusals, listener, code);
    }

    private static void increment(Map<String, Map<String, LongAdder>> counters, String key, String outcome) {
        Map<String, LongAdder> byOutcome = counters.get(key);
        if (byOutcome == null) {
            byOutcome = counters.computeIfAbsent(key, r -> new ConcurrentHashMap<>());
        }
        LongAdder adder = byOutcome.get(outcome);
        if (adder == null) {
            adder = byOutcome.computeIfAbsent(outcome, o -> new LongAdder());
        }
        adder.increment();
    }

    /** Requests so far by listener name, sorted. */
    /** The response timer of one listener, made on first use (handed to its connections). */
    public ResponseTimer timer(String listener) {
        return timers.computeIfAbsent(listener, n -> new ResponseTimer());
    }

    /** Response times and status classes so far by listener name, sorted. */
    public Map<String, ResponseTimings> responseTimings() {
        Map<String, ResponseTimings> copy = new TreeMap<>();
        timers.forEach((name, timer) -> copy.put(name, timer.snapshot()));
        return copy;
    }

    public Map<String, Long> requestsByListener() {
        Map<String, Long> copy = new TreeMap<>();
        requests.forEach((name, adder) -> copy.put(name, adder.sum()));
        return copy;
    }

    /** Upstream outcomes so far by route name, then outcome, both sorted. */
    public Map<String, Map<String, Long>> upstreamOutcomes() {
        return sorted(outcomes);
    }

    /** Refusals so far by listener name, then error code, both sorted. */
    public Map<String, Map<String, Long>> refusedRequests() {
        return sorted(refusals);
    }

    private static Map<String, Map<String, Long>> sorted(Map<String, Map<String, LongAdder>> counters) {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        counters.forEach((route, byOutcome) -> {
            Map<String, Long> counts = new TreeMap<>();
            byOutcome.forEach((outcome, adder) -> counts.put(outcome, adder.sum()));
            copy.put(route, counts);
        });
        return copy;
    }
}
