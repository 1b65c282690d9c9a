package io.flows.bench;

import io.flows.engine.runtime.FlowEngine;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Diagnostics around the engine's timer pool ({@code FlowEngine.timers}), which Camel's
 * {@code newScheduledThreadPool} wraps in a {@code SizedScheduledExecutorService} bounded by the default thread
 * pool profile's {@code maxQueueSize} (1000): every pending delay, step timeout and retry back-off is one entry.
 */
final class TimerQueue {

    private TimerQueue() {
    }

    static ScheduledExecutorService of(FlowEngine engine) {
        try {
            Field f = FlowEngine.class.getDeclaredField("timers");
            f.setAccessible(true);
            return (ScheduledExecutorService) f.get(engine);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("FlowEngine has no 'timers' field any more", e);
        }
    }

    /** The queue limit of the timer pool, or -1 when it is not a Camel sized pool. */
    static long limit(FlowEngine engine) {
        ScheduledExecutorService timers = of(engine);
        try {
            Field q = timers.getClass().getDeclaredField("queueSize");
            q.setAccessible(true);
            return q.getLong(timers);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /** What-if diagnostic: sets the limit to 0, which Camel reads as unbounded. Never used by default. */
    static void lift(FlowEngine engine) {
        ScheduledExecutorService timers = of(engine);
        try {
            Field q = timers.getClass().getDeclaredField("queueSize");
            q.setAccessible(true);
            q.setLong(timers, 0);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot lift the timer queue limit of " + timers.getClass(), e);
        }
    }
}
