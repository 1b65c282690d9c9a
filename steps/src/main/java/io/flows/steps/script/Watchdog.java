package io.flows.steps.script;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the CPU deadline and the allocation budget of running evaluations.
 *
 * <p>One daemon thread polls every {@link #POLL_INTERVAL_MS} ms the CPU time and the allocated bytes of each
 * thread that is inside an evaluation ({@code com.sun.management.ThreadMXBean}), and sleeps while none is: an idle
 * node is not woken 500 times a second (it cost 1.3 % of a core). A run over its budget is
 * marked and its context closed with {@code close(true)}, which cancels the guest code at its next safepoint;
 * the closing happens on a separate thread so one slow cancellation never delays the others.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    static final long POLL_INTERVAL_MS = 2;

    /** Why a run was stopped ({@code STOPPED}: on request, {@link ScriptStop}; {@code FINISHED}: it ended first). */
    enum Trip { TIMEOUT, ALLOCATION, STOPPED, FINISHED }

    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    private final long cpuDeadlineNanos;
    private final long wallDeadlineNanos;
    private final long allocationBudget;
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread ticker;
    private final ExecutorService cancellers;
    /** Set by the ticker before it sleeps for want of runs: a {@link #start} seeing it wakes the ticker. */
    private volatile boolean idle;
    private volatile boolean closed;

    Watchdog(ScriptLimits limits) {
        this.cpuDeadlineNanos = limits.cpuDeadline().toNanos();
        this.wallDeadlineNanos = limits.wallTimeCap().toNanos();
        this.allocationBudget = limits.allocationBudgetBytes();
        AtomicInteger n = new AtomicInteger();
        this.cancellers = Executors.newCachedThreadPool(r -> daemon(r, "flows-script-cancel-" + n.incrementAndGet()));
        this.ticker = daemon(this::tick, "flows-script-watchdog");
        ticker.start();
    }

    private void tick() {
        while (!closed) {
            idle = true;
            // a run added after this check sees idle set and unparks us (both fields volatile, so one of the two
            // sides sees the other's write)
            if (runs.isEmpty()) {
                LockSupport.park(this);
            }
            idle = false;
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MS));
            poll();
        }
    }

    /** Starts watching the calling thread, which is about to run guest code in {@code context}. */
    Run start(Context context) {
        Thread t = Thread.currentThread();
        long tid = t.getId();
        Run run = new Run(ids.incrementAndGet(), tid, context, System.nanoTime(), cpuTime(tid), allocated(tid));
        runs.put(run.id, run);
        if (idle) {
            LockSupport.unpark(ticker);
        }
        return run;
    }

    /**
     * Watches the making of a sandbox context on the calling thread: no deadline (a cold engine takes seconds, and it
     * is the node's work, not the code's), only {@link Run#stop()} ends it.
     */
    Run stoppableOnly(Context context) {
        return new Run(ids.incrementAndGet(), Thread.currentThread().getId(), context, 0, 0, 0);
    }

    private void poll() {
        try {
            long now = System.nanoTime();
            for (Run run : runs.values()) {
                if (allocationBudget > 0 && allocated(run.threadId) - run.allocationBase > run.budget) {
                    trip(run, Trip.ALLOCATION);
                } else if (now - run.startWall > wallDeadlineNanos
                        || cpuTime(run.threadId) - run.startCpu > cpuDeadlineNanos) {
                    trip(run, Trip.TIMEOUT);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Script watchdog poll failed", e);
        }
    }

    private void trip(Run run, Trip why) {
        if (run.trip.compareAndSet(null, why)) {
            runs.remove(run.id);
            cancellers.execute(() -> {
                try {
                    run.context.close(true);
                } catch (RuntimeException e) {
                    LOG.debug("Closing a stopped script context failed", e);
                }
            });
        }
    }

    /** For tests: whether the poller sleeps with no deadline, for want of runs. */
    boolean sleeping() {
        return ticker.getState() == Thread.State.WAITING;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(ticker);
        cancellers.shutdown();
    }

    private static long cpuTime(long tid) {
        if (THREADS == null || !THREADS.isThreadCpuTimeEnabled()) {
            return 0;
        }
        long t = THREADS.getThreadCpuTime(tid);
        return Math.max(t, 0);
    }

    private static long allocated(long tid) {
        return THREADS == null ? 0 : Math.max(THREADS.getThreadAllocatedBytes(tid), 0);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean) {
            if (bean.isThreadAllocatedMemorySupported() && !bean.isThreadAllocatedMemoryEnabled()) {
                bean.setThreadAllocatedMemoryEnabled(true);
            }
            if (bean.isThreadCpuTimeSupported() && !bean.isThreadCpuTimeEnabled()) {
                bean.setThreadCpuTimeEnabled(true);
            }
            return bean;
        }
        LOG.warn("com.sun.management.ThreadMXBean is not available: scripts run without an allocation budget");
        return null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One evaluation being watched. */
    final class Run {
        private final long id;
        private final long threadId;
        private final Context context;
        private final long startWall;
        private final long startCpu;
        /** Allocations are counted from here, against {@link #budget}. */
        private volatile long allocationBase;
        private volatile long budget;
        private volatile boolean convertingResult;
        private final AtomicReference<Trip> trip = new AtomicReference<>();

        private Run(long id, long threadId, Context context, long startWall, long startCpu, long startAllocated) {
            this.id = id;
            this.threadId = threadId;
            this.context = context;
            this.startWall = startWall;
            this.startCpu = startCpu;
            this.allocationBase = startAllocated;
            this.budget = allocationBudget;
        }

        /**
         * The code has returned its result; converting it to JSON, on the calling thread, gets a budget of its own
         * (the CPU deadline goes on): in GraalJS's interpreter the conversion allocates about 750 bytes per number and
         * 3 KB per small object, so a result of 25,000 records passed the code's budget by its conversion alone.
         */
        void convertingResult(long conversionBudget) {
            allocationBase = allocated(threadId);
            budget = conversionBudget;
            convertingResult = true;
        }

        /** Whether the run was converting its result (when it was stopped, say). */
        boolean wasConvertingResult() {
            return convertingResult;
        }

        /** Stops the run now, as if it had passed its deadline. */
        void stop() {
            trip(this, Trip.STOPPED);
        }

        /** Stops watching; returns why the run was stopped, or null when it finished within its budget. */
        Trip finish() {
            runs.remove(id);
            // Whichever comes first wins: a late poll can no longer trip a finished run.
            return trip.compareAndExchange(null, Trip.FINISHED);
        }
    }
}
