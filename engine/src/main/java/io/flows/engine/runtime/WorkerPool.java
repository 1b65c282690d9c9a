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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run step work: a fixed number, plus one more for every check at which all of them are
 * busy, work is waiting and none of them has finished anything since the last check.
 *
 * <p>Step work is short, except a runaway script, which holds its thread until its CPU deadline (seconds).
 * Without the extra threads, as many runaway scripts as there are workers would stall every other execution
 * of the node, even one that only waits in a delay. An added thread goes again once fewer workers are in
 * one long task than threads were added, even while work keeps waiting: a busy node must not keep threads
 * that stand in for nobody (more threads than script contexts means a new context per evaluation, and more
 * threads than cores only adds switching). A long task alone is no reason to add one: on an overloaded
 * machine every task takes long, and completions show that the workers are not stuck. The number is capped,
 * and each stuck script ends at its deadline.
 */
final class WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final ThreadPoolExecutor pool;
    private final int base;
    private final int max;
    private final long stuckAfterNanos;
    private final Map<Thread, Long> taskStarts = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> checks;
    private long completedAtLastCheck = -1;

    /**
     * @param every      how often to check for stuck workers
     * @param stuckAfter how long one task must run for its worker to count as stuck when threads are let go
     */
    WorkerPool(int base, int extra, ThreadFactory threads, ScheduledExecutorService timers, Duration every,
               Duration stuckAfter) {
        this.base = base;
        this.max = base + extra;
        this.stuckAfterNanos = stuckAfter.toNanos();
        // unbounded queue: a rejected continuation would lose an execution (see FlowEngine)
        // core = maximum at every size: a thread above the maximum ends after its task, while one above only
        // the core size ends after 30 s without work, which never comes while work keeps waiting
        this.pool = new ThreadPoolExecutor(base, base, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads) {
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

    /** Threads it may run now (the fixed number plus those added for stuck ones). */
    int size() {
        return pool.getCorePoolSize();
    }

    /** One check (run every {@code every}; tests call it themselves to choose what happened in between). */
    void check() {
        try {
            resize();
        } catch (RuntimeException e) {
            // an exception would end the periodic checks for good
            LOG.warn("Resizing the worker pool failed", e);
        }
    }

    private void resize() {
        long completed = pool.getCompletedTaskCount();
        boolean stalled = completed == completedAtLastCheck;
        completedAtLastCheck = completed;
        int size = pool.getCorePoolSize();
        if (stalled && !pool.getQueue().isEmpty() && pool.getActiveCount() >= size && size < max) {
            pool.setMaximumPoolSize(size + 1);
            pool.setCorePoolSize(size + 1); // starts a thread for the waiting work at once
        } else if (size > base && longTasks() < size - base) {
            pool.setCorePoolSize(size - 1);
            pool.setMaximumPoolSize(size - 1); // a surplus thread ends after its current task
        }
    }

    /** Workers in one task for longer than the threshold: those the added threads stand in for. */
    private int longTasks() {
        long now = System.nanoTime();
        int n = 0;
        for (long start : taskStarts.values()) {
            if (now - start > stuckAfterNanos) {
                n++;
            }
        }
        return n;
    }

    void shutdown() {
        checks.cancel(false);
        pool.shutdown();
    }
}
