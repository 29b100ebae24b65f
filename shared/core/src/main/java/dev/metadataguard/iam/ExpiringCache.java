package dev.metadataguard.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers kept for a short time: IAM changes (a revoked role, a folder move) must show within
 * minutes in a function instance that lives for hours. Least recently used first out beyond
 * {@code capacity}. A failed load is not kept, so the next call asks again.
 */
final class ExpiringCache<K, V> {

    private record Entry<V>(V value, Instant expires) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final Map<K, Entry<V>> entries;

    ExpiringCache(Clock clock, Duration ttl, int capacity) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("a cache lifetime cannot be negative: " + ttl);
        }
        this.clock = clock;
        this.ttl = ttl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The kept value while it is fresh, else {@code load}'s, outside the lock (loads are remote calls). */
    V get(K key, Function<K, V> load) {
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (entry != null && clock.instant().isBefore(entry.expires())) {
                return entry.value();
            }
        }
        V value = load.apply(key);
        synchronized (entries) {
            entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
        }
        return value;
    }
}
