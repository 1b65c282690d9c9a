package io.flows.steps.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Heap that partners' answers may take on this node: the bytes of answers being read and the estimated heap of
 * answers parsed and held (see {@link AnswerCost}). Without a bound, twelve concurrent calls each reading a 10 MB
 * answer, within the answer limit, ran a 320 MB heap out of memory: the limit bounds one answer, not how many are
 * held at once.
 *
 * <p>An answer's {@link Charge} grows as it goes: room for each stretch of its body before that stretch is read
 * (its connection is not read meanwhile: the partner's bytes wait in the network), then the estimate of its parsed
 * value before it is parsed. A charge that does not fit waits until answers are let go (their executions end, or
 * nothing refers to them any more): answers under way first, then new ones in the order they asked. The caller
 * bounds the wait by its own deadline and {@link Charge#cancel cancels} it.
 *
 * <p>Waiting while holding could deadlock: two answers half read, each waiting for the other's room; an execution
 * that holds an answer and waits for room for its next one. So when nothing can free room any more — no answer is
 * being read without waiting, and every owner that holds parsed answers is itself waiting here (it cannot end before
 * it gets its room) — the wait of the answer begun first is granted anyway. The answers in use may then pass the
 * capacity by that one answer (an answer whose estimate alone passes it is refused by the caller).
 */
public final class ResponseMemory {

    private final long capacity;
    private final Set<Charge> pending = new LinkedHashSet<>();
    private final Map<Object, Integer> waitingOwners = new HashMap<>();
    private final Set<Charge> held = new LinkedHashSet<>();
    private long inUse;
    private long peak;
    private long opened;
    private long forced;

    public ResponseMemory(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 byte, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** A quarter of the maximum heap: the default of {@code flows.response-memory}. */
    public static ResponseMemory ofHeap() {
        return new ResponseMemory(defaultCapacity());
    }

    public static long defaultCapacity() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    public long capacity() {
        return capacity;
    }

    public synchronized long inUse() {
        return inUse;
    }

    /** The most ever in use at once. */
    public synchronized long peak() {
        return peak;
    }

    /** Charges waiting for room now. */
    public synchronized int waiting() {
        return pending.size();
    }

    /** Waits granted beyond the capacity because nothing else could free room (see the class comment). */
    public synchronized long forcedGrants() {
        return forced;
    }

    /**
     * A charge of nothing yet for one answer of {@code owner}: the answers of one owner (an execution and the
     * sub-flows it calls) are let go together, so an owner that waits cannot free what it holds.
     */
    public Charge open(Object owner) {
        return new Charge(owner == null ? new Object() : owner);
    }

    /** One answer's share of the memory. */
    public final class Charge {
        private final Object owner;
        private final long order;
        private long bytes;
        private long wanted;
        private boolean settled;
        private boolean released;
        private CompletableFuture<Void> grant;

        private Charge(Object owner) {
            this.owner = owner;
            synchronized (ResponseMemory.this) {
                this.order = opened++;
            }
        }

        /** What this answer holds now. */
        public long bytes() {
            synchronized (ResponseMemory.this) {
                return bytes;
            }
        }

        /** Whether it is waiting for room. */
        public boolean waiting() {
            synchronized (ResponseMemory.this) {
                return grant != null && !grant.isDone();
            }
        }

        /**
         * Grows this charge to {@code total} bytes: completes at once when it fits, else when room is freed. A
         * charge already at or above {@code total} completes at once. One wait at a time.
         */
        public CompletableFuture<Void> grow(long total) {
            CompletableFuture<Void> done;
            List<CompletableFuture<Void>> admitted;
            synchronized (ResponseMemory.this) {
                if (released) {
                    return CompletableFuture.failedFuture(new IllegalStateException("charge already released"));
                }
                if (grant != null && !grant.isDone()) {
                    throw new IllegalStateException("charge already waiting");
                }
                if (total <= bytes) {
                    return CompletableFuture.completedFuture(null);
                }
                wanted = total;
                grant = new CompletableFuture<>();
                done = grant;
                pending.add(this);
                waitingOwners.merge(owner, 1, Integer::sum);
                held.add(this);
                admitted = admit();
            }
            admitted.forEach(g -> g.complete(null));
            return done;
        }

        /**
         * Sets this charge to {@code total} bytes at once, fitting or not, and marks it parsed: from now on it is held
         * until {@link #release}. Used when the answer's own estimate is known (its body read, before it is parsed):
         * the room its reading took is what it is given first.
         */
        public void settle(long total) {
            List<CompletableFuture<Void>> admitted;
            CompletableFuture<Void> dropped;
            synchronized (ResponseMemory.this) {
                if (released) {
                    return;
                }
                dropped = grant;
                withdraw();
                inUse += total - bytes;
                bytes = total;
                settled = true;
                held.add(this);
                peak = Math.max(peak, inUse);
                admitted = admit();
            }
            if (dropped != null) {
                dropped.cancel(false);
            }
            admitted.forEach(g -> g.complete(null));
        }

        /**
         * Makes this charge at least {@code total} bytes at once, fitting or not: for body bytes the network handed
         * over before reading could stop (the client drains what the connection has ready). A wait under way goes on
         * for what it asked, if that is more.
         */
        public void atLeast(long total) {
            synchronized (ResponseMemory.this) {
                if (released || total <= bytes) {
                    return;
                }
                inUse += total - bytes;
                bytes = total;
                peak = Math.max(peak, inUse);
            }
        }

        /** Stops waiting (the call gave up); what it holds stays held until {@link #release}. */
        public void cancel() {
            List<CompletableFuture<Void>> admitted;
            CompletableFuture<Void> dropped;
            synchronized (ResponseMemory.this) {
                dropped = grant;
                withdraw();
                admitted = admit();
            }
            if (dropped != null) {
                dropped.cancel(false);
            }
            admitted.forEach(g -> g.complete(null));
        }

        /** Gives everything back; later calls do nothing. */
        public void release() {
            List<CompletableFuture<Void>> admitted;
            CompletableFuture<Void> dropped;
            synchronized (ResponseMemory.this) {
                if (released) {
                    return;
                }
                released = true;
                dropped = grant;
                withdraw();
                inUse -= bytes;
                bytes = 0;
                held.remove(this);
                admitted = admit();
            }
            if (dropped != null) {
                dropped.cancel(false);
            }
            admitted.forEach(g -> g.complete(null));
        }

        /** Leaves the waiting line (guarded by the memory's lock). */
        private void withdraw() {
            if (pending.remove(this)) {
                waitingOwners.computeIfPresent(owner, (o, n) -> n == 1 ? null : n - 1);
            }
        }

        private boolean fits() {
            return inUse - bytes + wanted <= capacity;
        }

        private CompletableFuture<Void> take() {
            pending.remove(this);
            waitingOwners.computeIfPresent(owner, (o, n) -> n == 1 ? null : n - 1);
            if (wanted > bytes) {
                inUse += wanted - bytes;
                bytes = wanted;
            }
            peak = Math.max(peak, inUse);
            return grant;
        }
    }

    /**
     * The waits to complete now (outside the lock). Answers already under way come first, each as soon as it fits:
     * they end, and let go, sooner; while one of them still waits, no new answer is let in. New answers are let in in
     * the order they asked. When nothing can free room any more, the answer begun first goes on.
     */
    private List<CompletableFuture<Void>> admit() {
        List<CompletableFuture<Void>> admitted = new ArrayList<>();
        boolean underWayWaiting = false;
        for (Charge c : List.copyOf(pending)) {
            if (c.bytes > 0) {
                if (c.fits()) {
                    admitted.add(c.take());
                } else {
                    underWayWaiting = true;
                }
            }
        }
        if (!underWayWaiting) {
            for (Charge c : List.copyOf(pending)) {
                if (!c.fits()) {
                    break;
                }
                admitted.add(c.take());
            }
        }
        if (admitted.isEmpty() && !pending.isEmpty() && stuck()) {
            Charge oldest = pending.stream().min((a, b) -> Long.compare(a.order, b.order)).orElseThrow();
            forced++;
            admitted.add(oldest.take());
        }
        return admitted;
    }

    /**
     * Whether no room can be freed but by a grant: no answer is being read without waiting (it would end, and its
     * failure or parse would change things), and every owner of a parsed answer waits here itself.
     */
    private boolean stuck() {
        for (Charge c : held) {
            boolean reading = !c.settled && !pending.contains(c) && c.bytes > 0;
            if (reading || c.settled && !waitingOwners.containsKey(c.owner)) {
                return false;
            }
        }
        return true;
    }
}
