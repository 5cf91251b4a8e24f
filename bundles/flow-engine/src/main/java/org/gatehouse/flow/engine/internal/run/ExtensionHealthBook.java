package org.gatehouse.flow.engine.internal.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.gatehouse.flow.engine.api.ExtensionRunaways;
import org.gatehouse.flow.engine.api.ExtensionSteps;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Settings;

/**
 * Each extension's counters, its concurrency cap with its queue ({@link ExtensionSlots}) and its
 * quarantine (docs/data-plane.md "Failing extensions and quarantine": an extension that throws or
 * hangs is counted, then quarantined past a threshold; other traffic is unaffected).
 * {@code quarantine-failures} failures within {@code quarantine-window} quarantine it until
 * {@link #release} or until a new version starts. A runaway step quarantines it at once, and its
 * runaway threads are counted by symbolic name until they come back by themselves: neither a
 * release nor a new version forgets them. The messages waiting for a slot of an extension that
 * is quarantined leave its queue at once with the quarantine's answer.
 */
public final class ExtensionHealthBook {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.quarantine");

    private final Map<String, Health> records = new ConcurrentHashMap<>();
    private final Supplier<Settings> settings;
    private final Clock clock;
    private volatile StepOutcomeAudit outcomes = StepOutcomeAudit.NONE;

    public ExtensionHealthBook(Supplier<Settings> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Who is told each step outcome of an extension (the higher audit level of a conditional enable). */
    public void auditOutcomes(StepOutcomeAudit audit) {
        this.outcomes = audit;
    }

    /** The record of one extension, created on first use. */
    public Health of(String symbolicName) {
        return records.computeIfAbsent(symbolicName, Health::new);
    }

    /** Lifts a quarantine; false when the extension was not quarantined. */
    public boolean release(String symbolicName) {
        Health h = records.get(symbolicName);
        return h != null && h.lift("released");
    }

    /** Every extension's health, by name; {@code versions} gives the version in use. */
    public List<ExtensionHealth> view(Function<String, String> versions) {
        List<ExtensionHealth> all = new ArrayList<>();
        new TreeMap<>(records).forEach((name, h) -> all.add(h.view(versions.apply(name))));
        return all;
    }

    /** Every extension's runaway steps, by name. */
    public List<ExtensionRunaways> runaways() {
        List<ExtensionRunaways> all = new ArrayList<>();
        new TreeMap<>(records).forEach((name, h) -> all.add(h.runaways()));
        return all;
    }

    /** Every extension's queue, by name. */
    public List<ExtensionQueue> queues() {
        List<ExtensionQueue> all = new ArrayList<>();
        new TreeMap<>(records).forEach((name, h) -> all.add(h.slots.view()));
        return all;
    }

    /** Every extension's step outcomes, by name. */
    public List<ExtensionSteps> steps() {
        List<ExtensionSteps> all = new ArrayList<>();
        new TreeMap<>(records).forEach((name, h) -> all.add(h.steps()));
        return all;
    }

    /** One extension's counters and quarantine state. */
    public final class Health {
        private final String name;
        private final ExtensionSlots slots;
        private final LongAdder completed = new LongAdder();
        private final LongAdder succeeded = new LongAdder();
        private final LongAdder stepNanos = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder timeouts = new LongAdder();
        private final Deque<Instant> recentFailures = new ArrayDeque<>();
        private final LongAdder runaways = new LongAdder();
        private final AtomicInteger runawaysRunning = new AtomicInteger();
        /** Each runaway thread still running, with its CPU time at the deadline; guarded by itself. */
        private final Map<Thread, Long> runawayThreads = new HashMap<>();
        private long endedRunawayCpuNanos;
        private volatile Instant quarantinedAt;
        private volatile String lastFailure;

        private Health(String name) {
            this.name = name;
            this.slots = new ExtensionSlots(name);
        }

        /** Who is told this extension's step outcomes. */
        StepOutcomeAudit outcomes() {
            return outcomes;
        }

        public boolean quarantined() {
            return quarantinedAt != null;
        }

        /**
         * Takes one of the extension's concurrent slots if one is free and no message waits for it,
         * or says no (the cap of {@code extension-concurrency}): for a call that must not wait.
         */
        boolean tryAcquire() {
            return slots.tryAcquire(settings.get().extensionConcurrency());
        }

        /**
         * Takes one of the extension's concurrent slots, waiting in its queue (at most
         * {@code extension-queue} messages, within {@code timeout}) when every one is taken.
         *
         * @return a stage completed once the slot is held, or failed with the {@link StepFailure} to answer
         */
        CompletableFuture<Void> takeSlot(String what, Duration timeout, StepExecutor timer, ClientPresence client) {
            Settings s = settings.get();
            return slots.take(what, s.extensionConcurrency(), s.extensionQueue(), timeout, timer, client);
        }

        /** Gives a slot back: the oldest waiting message takes it. */
        void releaseSlot() {
            slots.release(settings.get().extensionConcurrency());
        }

        /** The extension stopped with no other version started: its waiting messages cannot run. */
        void stopped() {
            slots.failWaiting(StepFailure.Kind.UNAVAILABLE, "extension " + name + " is not started");
        }

        private void failWaitingQuarantined() {
            slots.failWaiting(StepFailure.Kind.QUARANTINED, "extension " + name + " is quarantined");
        }

        /** Whether as many of its runaway threads are still running as {@code runaway-threads} tolerates. */
        boolean atRunawayCap() {
            return runawaysRunning.get() >= settings.get().runawayThreads();
        }

        int runawaysRunning() {
            return runawaysRunning.get();
        }

        /**
         * Counts a runaway of this extension, held as running until {@link #runawayReturned}, and
         * quarantines the extension at once.
         *
         * @return true when this runaway put it in quarantine, false when it already was
         */
        boolean ranAway(Runaway runaway, Thread thread, long cpuAtDeadline) {
            lastFailure = runaway.step() + " ran away";
            boolean quarantinedNow = quarantineNow();
            synchronized (runawayThreads) {
                runawayThreads.put(thread, cpuAtDeadline);
                runawaysRunning.incrementAndGet();
            }
            runaways.increment(); // last: whoever sees the count sees the quarantine
            failWaitingQuarantined();
            return quarantinedNow;
        }

        private boolean quarantineNow() {
            synchronized (recentFailures) {
                if (quarantinedAt != null) {
                    return false;
                }
                quarantinedAt = clock.instant();
                return true;
            }
        }

        /** Called on the runaway thread when it has come back out of the extension's code. */
        void runawayReturned() {
            long now = ThreadCpu.ofCurrentThread();
            synchronized (runawayThreads) {
                Long atDeadline = runawayThreads.remove(Thread.currentThread());
                if (atDeadline != null) {
                    endedRunawayCpuNanos += Math.max(0, ThreadCpu.between(atDeadline, now));
                    runawaysRunning.decrementAndGet();
                }
            }
        }

        void succeeded(long tookNanos) {
            completed.increment();
            succeeded.increment();
            stepNanos.add(tookNanos);
        }

        /** A call admitted but turned away by the element's full pool: no outcome to count. */
        void succeededWithoutRunning() {
        }

        void failed(boolean timedOut, String reason, long tookNanos) {
            boolean quarantinedNow = false;
            completed.increment();
            stepNanos.add(tookNanos);
            (timedOut ? timeouts : failures).increment();
            lastFailure = reason;
            Settings s = settings.get();
            Instant now = clock.instant();
            synchronized (recentFailures) {
                recentFailures.addLast(now);
                Instant oldest = now.minus(s.quarantineWindow());
                while (!recentFailures.isEmpty() && recentFailures.peekFirst().isBefore(oldest)) {
                    recentFailures.removeFirst();
                }
                if (quarantinedAt == null && recentFailures.size() >= s.quarantineFailures()) {
                    quarantinedAt = now;
                    quarantinedNow = true;
                    LOG.log(System.Logger.Level.ERROR, "extension {0} quarantined: {1} failures within {2}; last: {3}", name,
                            recentFailures.size(), display(s.quarantineWindow()), reason);
                }
            }
            if (quarantinedNow) {
                failWaitingQuarantined(); // outside the lock: their failures run flows on
            }
        }

        /** Lifts the quarantine and forgets recent failures; false when there was none. */
        boolean lift(String why) {
            synchronized (recentFailures) {
                recentFailures.clear();
                if (quarantinedAt == null) {
                    return false;
                }
                quarantinedAt = null;
            }
            int runaway = runawaysRunning.get();
            if (runaway > 0) {
                LOG.log(System.Logger.Level.WARNING, "extension {0} out of quarantine: {1}; {2} runaway threads of it still run "
                        + "and count against runaway-threads ({3}): only a restart ends them", name, why, runaway,
                        settings.get().runawayThreads());
            } else {
                LOG.log(System.Logger.Level.INFO, "extension {0} out of quarantine: {1}", name, why);
            }
            return true;
        }

        ExtensionRunaways runaways() {
            synchronized (runawayThreads) {
                long cpu = endedRunawayCpuNanos;
                for (Map.Entry<Thread, Long> live : runawayThreads.entrySet()) {
                    cpu += Math.max(0, ThreadCpu.between(live.getValue(), ThreadCpu.of(live.getKey())));
                }
                return new ExtensionRunaways(name, runaways.sum(), runawayThreads.size(), cpu);
            }
        }

        ExtensionSteps steps() {
            return new ExtensionSteps(name, succeeded.sum(), failures.sum(), timeouts.sum(), stepNanos.sum());
        }

        ExtensionHealth view(String version) {
            Instant at = quarantinedAt;
            return new ExtensionHealth(name, version, slots.running(), completed.sum(), failures.sum(), timeouts.sum(),
                    at != null, Optional.ofNullable(at), Optional.ofNullable(lastFailure));
        }
    }

    private static String display(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
