package io.flows.engine.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key (an idempotency key, a webhook id, a flow id), held only while someone uses it: work for the
 * same key runs one at a time on this node, work for other keys in parallel, and a key nobody uses costs nothing.
 * A key's lock is dropped only when no thread holds or waits for it, so two threads can never hold different
 * locks for the same key.
 */
public final class KeyedLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users; // changed only inside ConcurrentHashMap.compute, which runs one at a time per key
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Runs {@code work} holding the lock of {@code key}. */
    public <T> T with(String key, Supplier<T> work) {
        Entry e = entries.compute(key, (k, existing) -> {
            Entry entry = existing == null ? new Entry() : existing;
            entry.users++;
            return entry;
        });
        e.lock.lock();
        try {
            return work.get();
        } finally {
            e.lock.unlock();
            entries.compute(key, (k, entry) -> --entry.users == 0 ? null : entry);
        }
    }

    /** Keys in use now (held or waited for). */
    int size() {
        return entries.size();
    }
}
