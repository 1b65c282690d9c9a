package io.flows.engine.runtime;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run step work: a fixed number, plus one more for every check at which all of them
 * are busy, work is waiting and none of them has finished anything since the last check.
 *
 * <p>Step work is short, except a runaway script, which holds its thread until its CPU deadline
 * (seconds). Without the extra threads, as many runaway scripts as there are workers would stall
 * every other execution of the node, even one that only waits in a delay. The extra threads go once
 * the queue is empty again; their number is capped, and each stuck script ends at its deadline.
 */
final class WorkerPool {

    private final ThreadPoolExecutor pool;
    private final int base;
    private final int max;
    private final ScheduledFuture<?> checks;
    private long completedAtLastCheck = -1;

    WorkerPool(int base, int extra, ThreadFactory threads, ScheduledExecutorService timers, Duration every) {
        this.base = base;
        this.max = base + extra;
        // unbounded queue: a rejected continuation would lose an execution (see FlowEngine)
        this.pool = new ThreadPoolExecutor(base, max, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.checks = timers.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    ThreadPoolExecutor executor() {
        return pool;
    }

    /** Threads it may run now (the fixed number plus those added while it was stuck). */
    int size() {
        return pool.getCorePoolSize();
    }

    private void check() {
        long completed = pool.getCompletedTaskCount();
        boolean waiting = !pool.getQueue().isEmpty();
        int size = pool.getCorePoolSize();
        if (waiting && completed == completedAtLastCheck && pool.getActiveCount() >= size && size < max) {
            pool.setCorePoolSize(size + 1); // starts a thread for the waiting work at once
        } else if (!waiting && size > base) {
            pool.setCorePoolSize(size - 1); // a surplus thread ends when it is next idle
        }
        completedAtLastCheck = completed;
    }

    void shutdown() {
        checks.cancel(false);
        pool.shutdown();
    }
}
