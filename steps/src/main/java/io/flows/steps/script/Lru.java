package io.flows.steps.script;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small synchronized least-recently-used cache. */
final class Lru<K, V> {

    private final Map<K, V> map;

    Lru(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, computing it outside the lock when missing (two threads may both compute it). */
    V get(K key, Function<K, V> compute) {
        synchronized (map) {
            V v = map.get(key);
            if (v != null) {
                return v;
            }
        }
        V v = compute.apply(key);
        synchronized (map) {
            map.putIfAbsent(key, v);
        }
        return v;
    }
}
