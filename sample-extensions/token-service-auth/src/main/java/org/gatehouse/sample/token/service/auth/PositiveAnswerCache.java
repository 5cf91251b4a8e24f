package org.gatehouse.sample.token.service.auth;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.sdk.identity.Identity;

/**
 * The identities of tokens the service said were active, until a time, at most {@code maxEntries}
 * of them (least recently used dropped first). Keyed by the token's SHA-256, so the cache holds no
 * token. Negative answers are never cached: a token that becomes valid (just issued, clock skew)
 * must not stay refused. Thread-safe.
 */
final class PositiveAnswerCache {
    private record Entry(Identity identity, Instant until) {
    }

    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    PositiveAnswerCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The cached identity for the token digest, if one is there and still valid at {@code now}. */
    synchronized Optional<Identity> get(String tokenDigest, Instant now) {
        Entry entry = entries.get(tokenDigest);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.until())) {
            entries.remove(tokenDigest);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /** Keeps the identity until the given time. */
    synchronized void put(String tokenDigest, Identity identity, Instant until) {
        entries.put(tokenDigest, new Entry(identity, until));
        if (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
