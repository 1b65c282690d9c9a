package io.flows.steps.runtime;

import io.flows.steps.StepFailure;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The wait between a failed attempt of a step and its next one. A retry delay may be an hour long, and nothing
 * runs during it that a cancel could abort: so the wait itself ends, with no further attempt, when the execution
 * is cancelled or a step enclosing this one ends.
 */
final class RetryWait {

    private final Attempt failed;
    private final Runnable next;
    private final Consumer<StepFailure> giveUp;
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile ScheduledFuture<?> timer;

    /**
     * @param failed the attempt that failed; the wait belongs to its execution and sits where it did
     * @param next   starts the next attempt (on a worker)
     * @param giveUp ends the step with the given failure instead (on a worker)
     */
    RetryWait(Attempt failed, Runnable next, Consumer<StepFailure> giveUp) {
        this.failed = failed;
        this.next = next;
        this.giveUp = giveUp;
    }

    void start(long delayMillis) {
        ExecutionContext ctx = failed.execution();
        ctx.waiting(this);
        timer = ctx.services().timers().schedule(() -> {
            if (claim()) {
                ctx.services().workers().execute(next);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
        // a cancel or the enclosing step's end may have come after the failed attempt settled but before the wait
        // was registered, and not seen it
        if (ctx.cancelled()) {
            stop(ExecutionContext.cancelledFailure());
        } else if (failed.abandoned()) {
            stop(ExecutionContext.enclosingEnded());
        }
    }

    /** Ends the wait now, without another attempt; does nothing when the next attempt has already begun. */
    void stop(StepFailure why) {
        if (claim()) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            failed.execution().services().workers().execute(() -> giveUp.accept(why));
        }
    }

    /** The attempt that failed and whose step waits here for its next one. */
    Attempt failed() {
        return failed;
    }

    boolean isWithin(Attempt outer) {
        return failed.isWithin(outer);
    }

    private boolean claim() {
        if (over.compareAndSet(false, true)) {
            failed.execution().doneWaiting(this);
            return true;
        }
        return false;
    }
}
