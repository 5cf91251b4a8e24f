package org.gatehouse.policy.engine.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;

/**
 * The higher audit level of a conditional enable's {@code extra-audit} (docs/extensions.md
 * "Conditional enable"): for the extensions named here, every permission use, allowed or denied,
 * and every step outcome is an audit event, within a budget per extension of {@code budget}
 * events every {@code window}, so that an extension cannot flood the audit record. What passes
 * the budget is counted, never dropped silently: the count is audited as one
 * {@link AuditEvent#AUDIT_DROPPED} event when the next window opens (at the next event, at
 * {@link #flush}, or when the extension leaves the level), and {@link #dropped()} keeps the totals.
 *
 * <pre>{@code
 * UseAuditor uses = new UseAuditor(sink, Clock.systemUTC(), 200, Duration.ofSeconds(10));
 * uses.cover("com.acme.lab", true);
 * uses.record("com.acme.lab", new AuditEvent(now, AuditEvent.SANDBOX_ALLOWED, "ext:com.acme.lab/1.0.0", "...", List.of()));
 * }</pre>
 */
public final class UseAuditor {
    private final AuditSink sink;
    private final Clock clock;
    private final int budget;
    private final Duration window;
    private final Set<String> covered = ConcurrentHashMap.newKeySet();
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    /** One extension's window; guarded by itself. */
    private static final class Budget {
        Instant opened;
        int used;
        long dropped;
        String subject = "";

        Budget(Instant opened) {
            this.opened = opened;
        }
    }

    public UseAuditor(AuditSink sink, Clock clock, int budget, Duration window) {
        if (budget < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("use audit budget must be at least 1 event in a positive window, got " + budget
                    + " in " + window);
        }
        this.sink = sink;
        this.clock = clock;
        this.budget = budget;
        this.window = window;
    }

    /** Puts the extension with this symbolic name at the higher audit level, or back to the normal one. */
    public void cover(String symbolicName, boolean on) {
        if (on) {
            covered.add(symbolicName);
        } else if (covered.remove(symbolicName)) {
            Budget b = budgets.remove(symbolicName);
            if (b != null) {
                synchronized (b) {
                    auditDropped(symbolicName, b, clock.instant());
                }
            }
        }
    }

    /** Whether the extension with this symbolic name is at the higher audit level. */
    public boolean covers(String symbolicName) {
        return !covered.isEmpty() && covered.contains(symbolicName);
    }

    /** The symbolic names at the higher audit level, sorted. */
    public List<String> covered() {
        return covered.stream().sorted().toList();
    }

    /**
     * Audits one event of a covered extension within its budget; past it, counts it. Events of
     * an extension that is not covered are ignored.
     */
    public void record(String symbolicName, AuditEvent event) {
        if (!covers(symbolicName)) {
            return;
        }
        Instant now = clock.instant();
        Budget b = budgets.computeIfAbsent(symbolicName, k -> new Budget(now));
        boolean audit;
        synchronized (b) {
            b.subject = event.subject();
            if (!now.isBefore(b.opened.plus(window))) {
                auditDropped(symbolicName, b, now);
                b.opened = now;
                b.used = 0;
            }
            audit = b.used < budget;
            if (audit) {
                b.used++;
            } else {
                b.dropped++;
                dropped.computeIfAbsent(symbolicName, k -> new LongAdder()).increment();
            }
        }
        if (audit) {
            sink.record(event);
        }
    }

    /** Audits the counts of every window that has ended (a timer calls it, so a quiet extension's count is not held back). */
    public void flush() {
        Instant now = clock.instant();
        budgets.forEach((name, b) -> {
            synchronized (b) {
                if (!now.isBefore(b.opened.plus(window))) {
                    auditDropped(name, b, now);
                    b.opened = now;
                    b.used = 0;
                }
            }
        });
    }

    /** Events counted and not audited one by one, by symbolic name, since this auditor was made. */
    public Map<String, Long> dropped() {
        Map<String, Long> copy = new TreeMap<>();
        dropped.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Called holding {@code b}. */
    private void auditDropped(String symbolicName, Budget b, Instant now) {
        if (b.dropped == 0) {
            return;
        }
        long count = b.dropped;
        b.dropped = 0;
        sink.record(new AuditEvent(now, AuditEvent.AUDIT_DROPPED, b.subject.isEmpty() ? symbolicName : b.subject,
                count + " audit event(s) of extension " + symbolicName + " past its budget of " + budget + " every "
                        + window.toSeconds() + "s were counted, not recorded one by one",
                List.of("window opened " + b.opened, "window closed " + now)));
    }
}
