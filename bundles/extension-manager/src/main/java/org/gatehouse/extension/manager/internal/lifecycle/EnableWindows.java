package org.gatehouse.extension.manager.internal.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ends of the enables limited in time (docs/extensions.md "Conditional enable"): one daemon
 * timer that, at each extension's end, calls back with its symbolic name. The callback checks the
 * stored window again (a timer may fire a little early, and the window may have changed since),
 * so a call at the wrong moment does nothing. The stored end is the truth; this is only the alarm.
 */
final class EnableWindows implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-enable-windows");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by this. */
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
    private final Consumer<String> ended;

    EnableWindows(Consumer<String> ended) {
        this.ended = ended;
    }

    /** Calls back at {@code end} (at once when it has passed); with no end, forgets the extension's alarm. */
    synchronized void schedule(String symbolicName, Optional<Instant> end) {
        cancel(symbolicName);
        if (end.isEmpty() || timer.isShutdown()) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), end.get()).toMillis());
        pending.put(symbolicName, timer.schedule(() -> ended.accept(symbolicName), delay, TimeUnit.MILLISECONDS));
    }

    synchronized void cancel(String symbolicName) {
        ScheduledFuture<?> alarm = pending.remove(symbolicName);
        if (alarm != null) {
            alarm.cancel(false);
        }
    }

    @Override
    public synchronized void close() {
        pending.values().forEach(f -> f.cancel(false));
        pending.clear();
        timer.shutdownNow();
    }
}
