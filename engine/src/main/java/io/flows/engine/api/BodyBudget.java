package io.flows.engine.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bytes of large request bodies that may be in the works at once. A body costs several times its size in heap
 * while it is parsed, copied into the execution's trigger and committed; without a bound, a handful of
 * concurrent bodies near the size limit exhausted a 320 MB heap, and an out-of-memory error inside the embedded
 * database's commit left its file unreadable. Requests over the budget wait in arrival order; one request is
 * always let in when nothing else holds the budget, however large it is.
 */
final class BodyBudget {

    private record Waiter(long bytes, CompletableFuture<Void> admitted) {
    }

    private final long capacity;
    private final Deque<Waiter> waiting = new ArrayDeque<>();
    private long inUse;

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Completes once {@code bytes} are granted, or exceptionally with a {@link java.util.concurrent.TimeoutException}
     * after {@code maxWaitMillis}; the caller must {@link #release} what was granted.
     */
    CompletableFuture<Void> acquire(long bytes, long maxWaitMillis) {
        Waiter w = new Waiter(bytes, new CompletableFuture<>());
        synchronized (this) {
            if (waiting.isEmpty() && fits(bytes)) {
                inUse += bytes;
                return CompletableFuture.completedFuture(null);
            }
            waiting.addLast(w);
        }
        w.admitted().orTimeout(maxWaitMillis, TimeUnit.MILLISECONDS).whenComplete((ok, timedOut) -> {
            if (timedOut != null) {
                boolean removed;
                synchronized (this) {
                    removed = waiting.remove(w);
                }
                if (removed) {
                    admitWaiting(); // a large request giving up may unblock smaller ones behind it
                }
            }
        });
        return w.admitted();
    }

    void release(long bytes) {
        synchronized (this) {
            inUse -= bytes;
        }
        admitWaiting();
    }

    synchronized long inUse() {
        return inUse;
    }

    private boolean fits(long bytes) {
        return inUse == 0 || inUse + bytes <= capacity;
    }

    private void admitWaiting() {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = waiting.peekFirst();
                if (next == null || !fits(next.bytes())) {
                    return;
                }
                waiting.removeFirst();
                inUse += next.bytes();
            }
            if (!next.admitted().complete(null)) {
                release(next.bytes()); // it timed out meanwhile
                return;
            }
        }
    }
}
