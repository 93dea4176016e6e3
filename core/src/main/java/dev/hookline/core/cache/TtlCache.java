package dev.hookline.core.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small per-execution-environment cache: entries are served for at most {@code ttl} after they were loaded, the
 * least recently used goes first beyond {@code maxEntries}, and a write through this environment drops what it
 * changes ({@link #invalidate}). What another environment wrote is seen at most {@code ttl} late: callers state
 * what that means for them.
 */
public final class TtlCache<K, V> {
    private record Loaded<V>(V value, Instant loadedAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<K, Loaded<V>> entries;

    public TtlCache(Duration ttl, int maxEntries, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl must be positive and maxEntries at least 1");
        }
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Loaded<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The cached value, or the loader's (cached when it is not null). Loads run outside the lock, so two callers may
     * load the same key at once; the later one's value stays.
     */
    public V get(K key, Function<K, V> loader) {
        Instant now = clock.instant();
        synchronized (entries) {
            Loaded<V> hit = entries.get(key);
            // A clock that went back counts as expired: never serve an entry from the future.
            if (hit != null && now.isBefore(hit.loadedAt().plus(ttl)) && !now.isBefore(hit.loadedAt())) {
                return hit.value();
            }
        }
        V loaded = loader.apply(key);
        if (loaded != null) {
            synchronized (entries) {
                entries.put(key, new Loaded<>(loaded, now));
            }
        }
        return loaded;
    }

    public void invalidate(K key) {
        synchronized (entries) {
            entries.remove(key);
        }
    }

    /** Drops every entry whose key or value matches. */
    public void invalidateIf(Predicate<K> key, Predicate<V> value) {
        synchronized (entries) {
            entries.entrySet().removeIf(e -> key.test(e.getKey()) || value.test(e.getValue().value()));
        }
    }
}
