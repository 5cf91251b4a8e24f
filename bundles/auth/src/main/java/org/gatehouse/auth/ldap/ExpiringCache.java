package org.gatehouse.auth.ldap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map whose entries expire after a time to live, read from the bladelet's clock so tests
 * can move time. When full, expired entries go first, then everything (a simple bound: the cache
 * only saves directory round trips, it is never the source of truth).
 */
final class ExpiringCache<K, V> {
    private record Entry<V>(V value, Instant expires) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    ExpiringCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    void put(K key, V value, Duration timeToLive) {
        if (timeToLive.isZero() || maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry<>(value, clock.instant().plus(timeToLive)));
    }

    int size() {
        return entries.size();
    }
}
