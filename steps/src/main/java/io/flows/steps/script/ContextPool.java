package io.flows.steps.script;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locked-down contexts of one shared engine: at most {@code maxPooledContexts} of them, made ahead in the
 * background when the pool starts, and an evaluation that finds them all busy waits for one.
 *
 * <p>Making a context runs the prelude, hundreds of milliseconds of interpreted JavaScript (seconds while the JVM
 * is cold), and evaluations are CPU work: a context per waiting evaluation made sixteen concurrent first
 * evaluations build sixteen contexts at once on two cores, each taking many seconds, beyond their steps' timeouts.
 * A wait for a context, like the making of one, ends at once when the evaluation's {@link ScriptStop} is stopped
 * (its step timed out or was cancelled). Only when an evaluation has waited {@code overflowAfter} (runaway scripts
 * hold every context until their deadline) is one more context made, one at a time, up to {@code maxExtra} more: as
 * many as the threads the engine adds while every worker is stuck, so that runaway scripts of one execution (a
 * foreach of them) cannot make every other execution's scripts wait for their deadlines. On a small machine those
 * deadlines come late: ten runaway scripts on two cores take 20 s of wall time to use their 5 s of CPU.
 *
 * <p>A context goes back into the pool only after an evaluation that ended normally or with an ordinary
 * JavaScript error; one that was stopped, hit a limit or failed inside the engine is closed. With
 * {@code maxPooledContexts} 0 every evaluation makes a fresh context and nothing is pooled or bounded.
 */
final class ContextPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContextPool.class);
    static final Duration OVERFLOW_AFTER = Duration.ofSeconds(1);

    private final Engine engine;
    private final ScriptLimits limits;
    private final Watchdog watchdog;
    private final Source prelude;
    private final String limitsJson;
    private final int capacity;
    private final int maxExtra;
    private final long overflowAfterNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<JsContext> idle = new ArrayDeque<>();
    /** Contexts that exist or are being made: idle, in use, or in the making. */
    private int live;
    /** Whether a context above the capacity is being made (only one at a time). */
    private boolean overflowing;
    /** Contexts made so far. */
    private long made;
    private volatile boolean closed;

    ContextPool(Engine engine, ScriptLimits limits, Watchdog watchdog, int maxExtra, Duration overflowAfter) {
        this.engine = engine;
        this.limits = limits;
        this.watchdog = watchdog;
        this.capacity = limits.maxPooledContexts();
        this.maxExtra = maxExtra;
        this.overflowAfterNanos = overflowAfter.toNanos();
        this.prelude = Source.newBuilder("js", Prelude.SOURCE, Prelude.SOURCE_NAME).cached(true).buildLiteral();
        this.limitsJson = "{\"maxString\":" + limits.maxStringLength()
                + ",\"maxArray\":" + limits.maxArrayLength()
                + ",\"maxBytes\":" + limits.allocationBudgetBytes()
                + ",\"maxOutput\":" + limits.maxOutputChars()
                + ",\"maxLogChars\":" + limits.maxLogLineChars() + "}";
    }

    /**
     * Makes the pool's contexts on a background thread, then runs {@code exercise} (sample evaluations that get the
     * JVM to compile the interpreter's hot paths), so that the first evaluations find warm contexts. A request that
     * comes meanwhile takes a context as soon as one is made.
     */
    void warmUp(Runnable exercise) {
        if (capacity == 0) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                while (!closed && reserve()) {
                    JsContext c = make(null, false);
                    if (c != null) {
                        release(c, true);
                    }
                }
                if (!closed) {
                    exercise.run();
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Warming up the script contexts failed; they are made on first use", e);
                }
            }
        }, "flows-script-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Counts one more context in the making when there is room for it without waiting. */
    private boolean reserve() {
        lock.lock();
        try {
            if (closed || live >= capacity) {
                return false;
            }
            live++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A context for one evaluation: an idle one, a new one while there are fewer than the capacity, else the first
     * one given back. Null when {@code stop} (may be null) was stopped before one was had.
     */
    JsContext acquire(ScriptStop stop) {
        if (capacity == 0) {
            checkOpen();
            return JsContext.create(engine, limits, prelude, limitsJson, watchdog, stop);
        }
        boolean overflow;
        if (stop != null) {
            stop.attach(this::wake);
        }
        try {
            lock.lock();
            try {
                long waitingSince = System.nanoTime();
                while (true) {
                    checkOpen();
                    if (stop != null && stop.stopped()) {
                        return null;
                    }
                    JsContext c = idle.pollFirst();
                    if (c != null) {
                        return c;
                    }
                    if (live < capacity) {
                        overflow = false;
                        break;
                    }
                    long left = overflowAfterNanos - (System.nanoTime() - waitingSince);
                    if (left <= 0 && !overflowing && live < capacity + maxExtra) {
                        overflow = true;
                        overflowing = true;
                        break;
                    }
                    changed.awaitNanos(left > 0 ? left : overflowAfterNanos);
                }
                live++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                lock.unlock();
            }
        } finally {
            if (stop != null) {
                stop.detach();
            }
        }
        return make(stop, overflow);
    }

    /** Makes the context counted in {@link #live} beforehand; uncounts it when none is made. */
    private JsContext make(ScriptStop stop, boolean overflow) {
        JsContext context = null;
        try {
            context = JsContext.create(engine, limits, prelude, limitsJson, watchdog, stop);
            return context;
        } finally {
            lock.lock();
            try {
                if (context == null) {
                    live--;
                } else {
                    made++;
                }
                if (overflow) {
                    overflowing = false;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    void release(JsContext context, boolean reusable) {
        if (capacity == 0) {
            context.close();
            return;
        }
        lock.lock();
        try {
            // at most the capacity is kept idle: a context made above it stands in for one a runaway script holds, for
            // the next evaluations too (each would wait again before one more is made), and goes once that one ends
            if (reusable && !closed && idle.size() < capacity) {
                idle.addFirst(context); // the most recently used one is the warmest
                context = null;
            } else {
                live--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (context != null) {
            context.close();
        }
    }

    /** Contexts that exist or are being made (for tests). */
    int live() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    /** Contexts made so far (for tests). */
    long made() {
        lock.lock();
        try {
            return made;
        } finally {
            lock.unlock();
        }
    }

    /** Contexts waiting for an evaluation (for tests). */
    int idle() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The script engine is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        JsContext c;
        while (true) {
            lock.lock();
            try {
                c = idle.pollFirst();
            } finally {
                lock.unlock();
            }
            if (c == null) {
                return;
            }
            c.close();
        }
    }
}
