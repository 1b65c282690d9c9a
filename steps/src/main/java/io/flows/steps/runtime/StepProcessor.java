package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.OnError;
import io.flows.dsl.model.RetryPolicy;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The Camel processor of one step: runs its action attempt by attempt with the step's timeout,
 * retry policy and {@code onError}, records every attempt in the trace, and moves the exchange's
 * body from the step's input to its output. Never blocks: waits are timer callbacks.
 */
final class StepProcessor extends AsyncProcessorSupport {

    static final String CONTEXT = "flows.execution";
    static final String SCOPE = "flows.scope";
    static final String POSITION = "flows.position";
    static final String ENCLOSING = "flows.enclosing";

    /** How much later the step's timer fires for a kind that keeps its own deadline (see StepRuntime). */
    private static final Duration BACKSTOP_GRACE = Duration.ofMillis(500);
    /** The longest a partner's Retry-After holds a retry back when the step states no {@code retry.maxDelay}. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Step step;
    private final String kind;
    private final String path;
    private final StepAction action;
    private final Duration timeout;
    private final boolean ownDeadline;

    StepProcessor(Step step, String kind, String path, StepAction action, Duration timeout, boolean ownDeadline) {
        this.step = step;
        this.kind = kind;
        this.path = path;
        this.action = action;
        this.timeout = timeout;
        this.ownDeadline = ownDeadline;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        ExecutionContext ctx = exchange.getProperty(CONTEXT, ExecutionContext.class);
        Scope scope = exchange.getProperty(SCOPE, Scope.class);
        Attempt.Position position = exchange.getProperty(POSITION, Attempt.Position.class);
        Attempt enclosing = exchange.getProperty(ENCLOSING, Attempt.class);
        JsonNode input = exchange.getMessage().getBody(JsonNode.class);
        attempt(1, exchange, callback, ctx, scope, position, enclosing, input);
        return false;
    }

    private void attempt(int number, Exchange exchange, AsyncCallback callback, ExecutionContext ctx, Scope scope,
                         Attempt.Position position, Attempt enclosing, JsonNode input) {
        StepServices services = ctx.services();
        // a step that would start after the cancel, or after a step around it ended (a foreach's next element on a
        // worker, a retry whose wait was over just then), never runs and leaves no entry in the trace; nor does one
        // that would start after the execution ended, which its final write no longer holds, or after its trace broke
        ErrorInfo notToRun = ctx.traceFailure() != null ? ctx.traceFailure()
                : ctx.cancelled() ? ErrorInfo.of(ExecutionContext.cancelledFailure(), step.id())
                : Attempt.endedAround(enclosing) || !ctx.begin() ? ErrorInfo.of(ExecutionContext.enclosingEnded(), step.id())
                : null;
        if (notToRun != null) {
            exchange.setException(new FailedStep(notToRun, false, notToRun != ctx.traceFailure()));
            callback.done(false);
            return;
        }
        TraceEntry entry = new TraceEntry(step.id(), kind, path, position.index(), position.indexes(), position.branch(),
                number, services.clock().instant(), input);
        if (!position.quiet()) {
            ctx.record(entry);
        }
        if (ctx.traceFailure() != null) {
            // the listener could not record this entry (or another's, just now): the step does not run
            entry.fail(ctx.traceFailure(), null, 0);
            ctx.settled();
            exchange.setException(new FailedStep(ctx.traceFailure(), false));
            callback.done(false);
            return;
        }
        Attempt attempt = new Attempt(step, number, input, ctx, scope, entry, position, enclosing);
        long started = System.nanoTime();
        ctx.started(attempt);
        try {
            if (timeout != null) {
                var timer = services.timers().schedule(() -> attempt.abort(new StepFailure("STEP_TIMEOUT",
                        "step '" + step.id() + "' did not finish within " + DurationText.format(timeout), true)),
                        (ownDeadline ? timeout.plus(BACKSTOP_GRACE) : timeout).toMillis(), TimeUnit.MILLISECONDS);
                attempt.result().whenComplete((r, e) -> timer.cancel(false));
            }
            // started() has already failed an attempt of a cancelled execution or of an enclosing step that ended
            CompletableFuture<JsonNode> work = attempt.result().isDone() ? attempt.result() : action.run(attempt);
            work.whenComplete((out, err) -> {
                // checked here, before anything keeps it: deeper, the execution could be stored but not read back
                StepFailure tooDeep = err != null ? null
                        : StepFailure.ifTooDeep(() -> "the output of step '" + step.id() + "'", out);
                if (tooDeep != null) {
                    attempt.result().completeExceptionally(tooDeep);
                } else if (err == null) {
                    attempt.result().complete(out);
                } else {
                    attempt.result().completeExceptionally(StepFailure.cause(err));
                }
            });
        } catch (RuntimeException e) {
            attempt.result().completeExceptionally(e);
        }
        CompletableFuture<JsonNode> result = attempt.result();
        if (result.isDone()) {
            try {
                announceFailure(number, ctx, attempt);
            } finally {
                settle(number, exchange, callback, ctx, scope, position, input, attempt, started);
            }
        } else {
            result.whenComplete((r, e) -> {
                try {
                    announceFailure(number, ctx, attempt);
                } finally {
                    // whatever happened above, the attempt settles: else the execution would never end
                    services.workers().execute(
                            () -> settle(number, exchange, callback, ctx, scope, position, input, attempt, started));
                }
            });
        }
    }

    /**
     * Tells the steps around a failed attempt at once, before it settles, when it fails for good: settling, and then
     * each step in between, takes a turn on a worker, and a foreach would go on starting elements meanwhile.
     */
    private void announceFailure(int number, ExecutionContext ctx, Attempt attempt) {
        Throwable thrown = attempt.result().handle((r, e) -> e).join();
        if (thrown == null) {
            return;
        }
        Failure failure = failure(thrown);
        if (!retrying(number, ctx, attempt, failure) && !continuing(failure, false)) {
            attempt.failedForGood();
        }
    }

    private void settle(int number, Exchange exchange, AsyncCallback callback, ExecutionContext ctx, Scope scope,
                        Attempt.Position position, JsonNode input, Attempt attempt, long started) {
        ctx.ended(attempt);
        long ms = (System.nanoTime() - started) / 1_000_000;
        Ending ending;
        try {
            ending = endEntry(number, ctx, position, input, attempt, ms);
        } catch (RuntimeException e) {
            ending = Ending.failed(new ErrorInfo("INTERNAL_ERROR", String.valueOf(e), step.id(), null));
            if (attempt.trace().status() == TraceEntry.Status.RUNNING) {
                attempt.trace().fail(ending.error(), null, ms);
            }
        } finally {
            // whatever happened above: the execution's end waits for every attempt that began to settle
            ctx.settled();
        }
        if (ctx.traceFailure() != null) {
            // neither retried nor continued: the record of this execution is broken, it ends here
            ending = Ending.failed(ctx.traceFailure());
        }
        if (ending.retrying()) {
            new RetryWait(attempt,
                    () -> attempt(number + 1, exchange, callback, ctx, scope, position, attempt.enclosing(), input),
                    why -> {
                        exchange.setException(new FailedStep(ErrorInfo.of(why, step.id()), false, why.stopped()));
                        callback.done(false);
                    }).start(retryDelay(step.retry(), number + 1, ending.error()));
            return;
        }
        if (ending.error() == null) {
            scope.succeeded(step.id(), ending.output());
            exchange.getMessage().setBody(ending.output());
        } else if (ending.continuing()) {
            scope.failed(step.id(), input, ending.error());
            exchange.getMessage().setBody(input);
        } else {
            // a catch, and the steps after its try, see what failed as steps.<id>: {output: null, error}
            scope.failed(step.id(), null, ending.error());
            exchange.setException(new FailedStep(ending.error(), ending.retryable(), ending.stopped()));
        }
        callback.done(false);
    }

    /** Ends the attempt's trace entry and tells the listener; what comes next is for the caller to do. */
    private Ending endEntry(int number, ExecutionContext ctx, Attempt.Position position, JsonNode input,
                            Attempt attempt, long ms) {
        TraceEntry entry = attempt.trace();
        JsonNode output;
        try {
            output = attempt.result().join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Failure failure = failure(e);
            boolean retrying = retrying(number, ctx, attempt, failure);
            boolean continuing = continuing(failure, retrying);
            // continued, the flow goes on with the step's input as its output: the trace shows what it went on with
            entry.fail(failure.error(), continuing ? input : null, ms);
            if (position.quiet()) {
                ctx.record(entry);
            }
            ctx.finished(entry);
            return new Ending(null, failure.error(), failure.retryable(), retrying, continuing, failure.stopped());
        }
        entry.succeed(output, ms);
        if (position.quiet() && number > 1) {
            // an untraced iteration shows its failed attempts: the retry that succeeded after them is shown too, or
            // the item would read as failed
            ctx.record(entry);
        }
        ctx.finished(entry);
        return new Ending(output, null, false, false, false, false);
    }

    /**
     * The error of an attempt that failed, whether it is worth another attempt, and whether it was stopped from
     * outside ({@link StepFailure#stopped}) rather than failed.
     */
    private record Failure(ErrorInfo error, boolean retryable, boolean stopped) { }

    private Failure failure(Throwable thrown) {
        Throwable cause = StepFailure.cause(thrown);
        if (cause instanceof FailedStep nested) {
            return new Failure(nested.error(), nested.retryable(), nested.stopped());
        } else if (cause instanceof StepFailure f) {
            return new Failure(ErrorInfo.of(f, step.id()), f.retryable(), f.stopped());
        }
        return new Failure(new ErrorInfo("INTERNAL_ERROR", String.valueOf(cause), step.id(), null), false, false);
    }

    /** Whether the failed attempt is followed by another; once false for an attempt, it stays false. */
    private boolean retrying(int number, ExecutionContext ctx, Attempt attempt, Failure failure) {
        RetryPolicy retry = step.retry();
        return number < retry.attempts() && !ctx.cancelled() && !attempt.abandoned() && !failure.stopped()
                && shouldRetry(failure.error(), failure.retryable(), retry);
    }

    private boolean continuing(Failure failure, boolean retrying) {
        // a step stopped from outside is not continued, whatever its code; an injected CANCELLED is
        return !retrying && step.onError() == OnError.CONTINUE && !failure.stopped();
    }

    /** How an attempt ended: its output, or its error and what comes of it (another attempt, or going on). */
    private record Ending(JsonNode output, ErrorInfo error, boolean retryable, boolean retrying, boolean continuing,
                          boolean stopped) {
        static Ending failed(ErrorInfo error) {
            return new Ending(null, error, false, false, false, false);
        }
    }

    /**
     * The policy's wait, or longer when the failure says how long to stay away (a partner's Retry-After): retrying
     * sooner would only be refused again. Bounded by {@code retry.maxDelay}, else by an hour, the longest a policy
     * may state.
     */
    private static long retryDelay(RetryPolicy retry, int next, ErrorInfo error) {
        long planned = retry.delayMillisBefore(next);
        JsonNode asked = error.details() == null ? null : error.details().get(StepFailure.RETRY_AFTER_MS);
        if (asked == null || !asked.canConvertToLong()) {
            return planned;
        }
        long cap = retry.maxDelay() != null ? retry.maxDelay().toMillis() : MAX_RETRY_AFTER.toMillis();
        return Math.max(planned, Math.min(asked.asLong(), cap));
    }

    private static boolean shouldRetry(ErrorInfo error, boolean retryable, RetryPolicy retry) {
        for (String on : retry.on()) {
            String code = on.matches("\\d{3}") ? "HTTP_" + on : on;
            if (code.equals(error.code())) {
                return true;
            }
        }
        return retryable;
    }

    @Override
    public String toString() {
        return "step " + step.id() + " (" + kind + ") at " + path;
    }
}
