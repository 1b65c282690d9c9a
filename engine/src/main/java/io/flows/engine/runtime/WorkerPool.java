package io.flows.engine.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run step work: a fixed number, plus one for each of them that has been stuck in one task
 * for longer than a threshold while other work waits.
 *
 * <p>Step work is short, except a runaway script, which holds its thread until its CPU deadline (seconds).
 * Without the extra threads, as many runaway scripts as there are workers would stall every other execution
 * of the node, even one that only waits in a delay. An extra thread goes again as soon as fewer workers are
 * stuck, even while work keeps waiting: a busy node must not keep threads that are not replacing stuck ones
 * (more threads than script contexts means a new context per evaluation, and more threads than cores only
 * adds switching). Their number is capped, and each stuck script ends at its deadline.
 */
final class WorkerPool {

    private final ThreadPoolExecutor pool;
    private final int base;
    private final int max;
    private final long stuckAfterNanos;
    private final Map<Thread, Long> taskStarts = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> checks;

    /**
     * @param every      how often to check for stuck workers
     * @param stuckAfter how long one task must run for its worker to count as stuck
     */
    WorkerPool(int base, int extra, ThreadFactory threads, ScheduledExecutorService timers, Duration every,
               Duration stuckAfter) {
        this.base = base;
        this.max = base + extra;
        this.stuckAfterNanos = stuckAfter.toNanos();
        // unbounded queue: a rejected continuation would lose an execution (see FlowEngine)
        this.pool = new ThreadPoolExecutor(base, max, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                taskStarts.put(t, System.nanoTime());
            }

            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                taskStarts.remove(Thread.currentThread());
            }
        };
        this.checks = timers.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    ThreadPoolExecutor executor() {
        return pool;
    }

    /** Threads it may run now (the fixed number plus those replacing stuck ones). */
    int size() {
        return pool.getCorePoolSize();
    }

    private void check() {
        long now = System.nanoTime();
        int stuck = 0;
        for (long start : taskStarts.values()) {
            if (now - start > stuckAfterNanos) {
                stuck++;
            }
        }
        int wanted = Math.min(max, base + stuck);
        int size = pool.getCorePoolSize();
        if (wanted > size && !pool.getQueue().isEmpty()) {
            pool.setCorePoolSize(size + 1); // starts a thread for the waiting work at once
        } else if (wanted < size) {
            pool.setCorePoolSize(size - 1); // a surplus thread ends when it is next idle
        }
    }

    void shutdown() {
        checks.cancel(false);
        pool.shutdown();
    }
}
