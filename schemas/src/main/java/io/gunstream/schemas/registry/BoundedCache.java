package io.gunstream.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small thread-safe LRU map: registry answers are immutable, so the only policy needed is a size bound. */
final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    BoundedCache(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, got " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(final K key) {
        return entries.get(key);
    }

    synchronized void put(final K key, final V value) {
        entries.put(key, value);
    }

    synchronized void remove(final K key) {
        entries.remove(key);
    }

    /** Returns the cached value or computes it outside the lock (a registry call must not block other keys). */
    V computeIfAbsent(final K key, final Function<K, V> loader) {
        final V cached = get(key);
        if (cached != null) {
            return cached;
        }
        final V loaded = loader.apply(key);
        put(key, loaded);
        return loaded;
    }

    synchronized void putIfAbsent(final K key, final V value) {
        entries.putIfAbsent(key, value);
    }

    synchronized int size() {
        return entries.size();
    }
}
