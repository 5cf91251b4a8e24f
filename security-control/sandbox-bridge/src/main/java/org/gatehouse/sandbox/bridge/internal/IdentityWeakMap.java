package org.gatehouse.sandbox.bridge.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * A weak-keyed map that compares keys by identity. {@code WeakHashMap} calls the keys' own
 * {@code hashCode}/{@code equals}, which an extension's subclass (of Thread, say) can override:
 * that code would then run inside the bridge's re-entrancy guard, with checks off. Synchronized;
 * entries go when their key is collected.
 */
final class IdentityWeakMap<V> {
    private final Map<IdentityKey, V> entries = new HashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    synchronized void put(Object key, V value) {
        expunge();
        entries.put(new IdentityKey(key, collected), value);
    }

    synchronized void putIfAbsent(Object key, V value) {
        expunge();
        entries.putIfAbsent(new IdentityKey(key, collected), value);
    }

    /** Runs {@code change} on the value of {@code key}, if any, under this map's lock. */
    synchronized void update(Object key, Consumer<V> change) {
        V value = entries.isEmpty() ? null : entries.get(new IdentityKey(key, null));
        if (value != null) {
            change.accept(value);
        }
    }

    synchronized V get(Object key) {
        return entries.isEmpty() ? null : entries.get(new IdentityKey(key, null));
    }

    /** How many entries whose key is still reachable satisfy {@code test}; the test runs under this map's lock. */
    synchronized int count(BiPredicate<Object, V> test) {
        expunge();
        int count = 0;
        for (Map.Entry<IdentityKey, V> entry : entries.entrySet()) {
            Object key = entry.getKey().get();
            if (key != null && test.test(key, entry.getValue())) {
                count++;
            }
        }
        return count;
    }

    private void expunge() {
        for (Reference<?> gone = collected.poll(); gone != null; gone = collected.poll()) {
            entries.remove(gone);
        }
    }

    /** Identity hash and identity comparison of the referent, stable after it is collected. */
    private static final class IdentityKey extends WeakReference<Object> {
        private final int hash;

        IdentityKey(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof IdentityKey key)) {
                return false;
            }
            Object referent = get();
            return referent != null && referent == key.get();
        }
    }
}
