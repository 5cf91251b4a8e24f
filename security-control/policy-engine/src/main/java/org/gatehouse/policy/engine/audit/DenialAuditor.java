package org.gatehouse.policy.engine.audit;

import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts every denial and audits it, at most once per {@code window} for the same codebase and
 * permission (docs/policy-language.md "Decisions": counted and audited at a limited rate): an extension hammering a denied
 * file must not flood the audit trail. The next event after a quiet window says how many were
 * suppressed, so nothing goes uncounted.
 */
public final class DenialAuditor {
    /** Past this many distinct keys the oldest state is dropped; the counters are kept. */
    private static final int MAX_TRACKED = 10_000;

    private final AuditSink sink;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byCodebase = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    private static final class Window {
        final Instant opened;
        long suppressed;

        Window(Instant opened) {
            this.opened = opened;
        }
    }

    public DenialAuditor(AuditSink sink, Clock clock, Duration window) {
        this.sink = sink;
        this.clock = clock;
        this.window = window;
    }

    /**
     * Records one denial; {@code message} gives the denial exception's message, asked only when
     * this denial is audited (most of a burst is only counted).
     */
    public void denied(String codebase, String permission, Supplier<String> message) {
        total.increment();
        byCodebase.computeIfAbsent(codebase, k -> new LongAdder()).increment();
        Instant now = clock.instant();
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
        long[] suppressedBefore = {-1};
        // compute() runs atomically per key: exactly one caller opens each new window
        windows.compute(codebase + " " + permission, (key, open) -> {
            if (open != null && now.isBefore(open.opened.plus(window))) {
                open.suppressed++;
                return open;
            }
            suppressedBefore[0] = open == null ? 0 : open.suppressed;
            return new Window(now);
        });
        if (suppressedBefore[0] < 0) {
            return;
        }
        List<String> details = suppressedBefore[0] == 0 ? List.of()
                : List.of(suppressedBefore[0] + " more such denials in the previous window of " + window.toSeconds()
                        + "s were counted but not audited one by one");
        sink.record(new AuditEvent(now, AuditEvent.SANDBOX_DENIED, codebase, message.get(), details));
    }

    /** Counts a denial that is audited elsewhere (the higher audit level of its extension audits each one). */
    public void count(String codebase) {
        total.increment();
        byCodebase.computeIfAbsent(codebase, k -> new LongAdder()).increment();
    }

    public long total() {
        return total.sum();
    }

    public long denials(String codebase) {
        LongAdder adder = byCodebase.get(codebase);
        return adder == null ? 0 : adder.sum();
    }

    /** Denials so far, by codebase id. */
    public Map<String, Long> byCodebase() {
        Map<String, Long> copy = new TreeMap<>();
        byCodebase.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
