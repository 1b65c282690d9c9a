package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.OnError;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.http.HttpAnswer;
import io.flows.steps.http.HttpCall;
import io.flows.steps.script.ScriptFailure;
import io.flows.steps.script.ScriptResult;
import io.flows.steps.script.ScriptStop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One attempt of one step: its input, the scope it sees, its trace entry, and how to stop it.
 * Step actions read everything they need from here.
 */
public final class Attempt {

    private final Step step;
    private final int number;
    private final JsonNode input;
    private final ExecutionContext ctx;
    private final Scope scope;
    private final TraceEntry entry;
    private final Position position;
    /** The control step's attempt whose nested steps this attempt is one of; null at the top level. */
    private final Attempt enclosing;
    private final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private final List<Runnable> onAbort = new CopyOnWriteArrayList<>();
    /** Set once the attempt has been stopped from outside; handlers registered afterwards run at once. */
    private volatile boolean stopped;
    /** Stops this attempt's script or expression in flight when the attempt is aborted, freeing its thread. */
    private final ScriptStop scripts = new ScriptStop();
    /** What to do at once when a nested step fails for good; null while a nested failure need not fail this attempt. */
    private volatile Runnable onNestedFailure;

    Attempt(Step step, int number, JsonNode input, ExecutionContext ctx, Scope scope, TraceEntry entry, Position position,
            Attempt enclosing) {
        this.enclosing = enclosing;
        this.step = step;
        this.number = number;
        this.input = input;
        this.ctx = ctx;
        this.scope = scope;
        this.entry = entry;
        this.position = position;
    }

    public Step step() { return step; }
    public int number() { return number; }
    public JsonNode input() { return input; }
    public ExecutionContext execution() { return ctx; }
    public Scope scope() { return scope; }
    public TraceEntry trace() { return entry; }
    public StepServices services() { return ctx.services(); }
    Position position() { return position; }
    Attempt enclosing() { return enclosing; }
    long startedNanos() { return startedNanos; }
    CompletableFuture<JsonNode> result() { return result; }

    /** Names and values scripts and expressions see here; each value is built only when asked for. */
    public Map<String, JsonNode> bindings() {
        return Bindings.of(ctx, scope, input, step.id());
    }

    /**
     * Evaluates every {@code ${...}} in a tree of values against this attempt's scope. {@code field} names the
     * step's field the tree is (e.g. {@code set}), for a failure to say where.
     */
    public JsonNode render(String field, JsonNode template) {
        if (template == null) {
            return null;
        }
        return rendered(keepingLogs(() -> services().scripts().render(field, template, bindings(), scripts)));
    }

    /** Whether a condition ({@code ${...}}) is true in this attempt's scope, as JavaScript sees it. */
    public boolean test(String condition) {
        return keepingLogs(() -> services().scripts().test(condition, bindings(), scripts));
    }

    /** Runs a transform script against this attempt's scope; a timeout or cancel of the attempt stops it. */
    public ScriptResult runScript(String body) {
        return keepingLogs(() -> services().scripts().runScript(body, bindings(), scripts));
    }

    /** What failed code wrote before it stopped is what explains the failure: it goes into the trace. */
    private <T> T keepingLogs(Supplier<T> evaluation) {
        try {
            return evaluation.get();
        } catch (ScriptFailure f) {
            entry.logs(f.logs());
            throw f;
        }
    }

    /**
     * Like {@link #render}, with {@code secrets} in scope: only for a connector call's request. Only the secrets
     * the template names are resolved and bound.
     *
     * @throws StepFailure SECRET_NOT_FOUND when a named secret is not set
     */
    public JsonNode renderWithSecrets(String field, JsonNode template) {
        if (template == null) {
            return null;
        }
        JsonNode secrets = SecretScope.resolve(SecretScope.namesIn(template), services().secrets());
        Bindings b = Bindings.of(ctx, scope, input, step.id());
        return rendered(keepingLogs(() -> services().scripts().render(field, template,
                secrets == null ? b : b.with("secrets", secrets), scripts)));
    }

    /** Checked as soon as it is made: a value too deep to keep fails the step, not the storing of its execution. */
    private JsonNode rendered(JsonNode value) {
        return StepFailure.bounded(() -> "the value step '" + step.id() + "' rendered from its templates", value);
    }

    /**
     * Runs when the attempt is stopped from outside (timeout, cancel): abort the work in flight. Registered after
     * the attempt was stopped (work begun while the stop landed, or in a continuation: a call sent once its token
     * arrives), it runs at once, so that no work of a stopped attempt goes on unaborted.
     */
    public void onAbort(Runnable r) {
        onAbort.add(r);
        if (stopped && onAbort.remove(r)) {
            runAbortHandler(r);
        }
    }

    /**
     * Whether the attempt has been stopped from outside (timeout, cancel, the end of an enclosing step). Work that
     * has not begun yet must not begin: its outcome is decided, and the execution may have ended and been stored.
     */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Sends an HTTP call as part of this attempt: not at all once the attempt has been stopped (a call that would
     * go out after its execution was cancelled, when a token it waited for arrives), and stopping the attempt
     * while it is in flight abandons it.
     */
    public CompletableFuture<HttpAnswer> send(HttpCall call, Duration timeout) {
        if (stopped) {
            return CompletableFuture.failedFuture(StepFailure.stopped("not sent: the step was stopped", null));
        }
        CompletableFuture<HttpAnswer> sent = services().http().send(call, timeout, ctx.answers());
        onAbort(() -> sent.cancel(true));
        return sent;
    }

    /**
     * Says that a nested step failing for good fails this attempt too (a choice, a parallel, a foreach; a try's catch
     * steps, not its body), and what to do the moment one does: a foreach starts no further element. Without it, the
     * news would come as the outcome of the steps in between, once each has settled on a worker, and of a parallel
     * branch or a foreach element only once the others beside it have ended; meanwhile more elements would start.
     */
    public void failsWithNested(Runnable atOnce) {
        onNestedFailure = atOnce;
    }

    /** Like {@link #failsWithNested(Runnable)}, with nothing more to do than to tell the steps around this one. */
    public void failsWithNested() {
        failsWithNested(() -> { });
    }

    /**
     * This attempt has failed for good (no retry, no {@code onError: continue}): tells the steps around it, up to the
     * first one that would not fail with it. One that may still retry, or goes on after a failure, is the last told.
     */
    void failedForGood() {
        for (Attempt a = enclosing; a != null; a = a.enclosing) {
            Runnable atOnce = a.onNestedFailure;
            if (atOnce == null) {
                return; // a try's body: the catch takes it
            }
            atOnce.run();
            if (a.number < a.step.retry().attempts() || a.step.onError() == OnError.CONTINUE) {
                return;
            }
        }
    }

    /**
     * Whether a step enclosing this one has already ended (timed out, say): its nested steps must not go on
     * working, calling partners, for an outcome nobody waits for any more.
     */
    boolean abandoned() {
        return endedAround(enclosing);
    }

    /** Whether {@code enclosing} or a step around it has ended: nothing more may start inside it. */
    static boolean endedAround(Attempt enclosing) {
        for (Attempt a = enclosing; a != null; a = a.enclosing) {
            if (a.result.isDone()) {
                return true;
            }
        }
        return false;
    }

    /** Whether this attempt runs, directly or deeper down, inside {@code outer}. */
    boolean isWithin(Attempt outer) {
        for (Attempt a = enclosing; a != null; a = a.enclosing) {
            if (a == outer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops this attempt because a step enclosing it ended first. Its trace entry is marked failed at once: the
     * attempt settles later on a worker, and by then the enclosing step, and maybe the execution, has been recorded.
     */
    void abortAsNested(StepFailure why) {
        if (!result.isDone()) {
            markFailed(why);
            abort(why);
        }
    }

    /** Records the failure in the trace entry now, before the attempt itself is stopped and settles. */
    void markFailed(StepFailure why) {
        entry.fail(ErrorInfo.of(why, step.id()), null, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    void abort(StepFailure why) {
        if (result.isDone()) {
            return;
        }
        // the nested entries are marked first, so that no record of this step's end shows them still running;
        // they are stopped after this attempt has its own outcome, which must be the one its step reports
        ctx.markFailedWithin(this);
        if (result.completeExceptionally(why)) {
            stopped = true;
            ctx.abortWithin(this);
            scripts.stop();
            for (Runnable r : onAbort) {
                // each handler runs once: here, or in onAbort when it is registered just now
                if (onAbort.remove(r)) {
                    runAbortHandler(r);
                }
            }
        }
    }

    private static void runAbortHandler(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // aborting is best effort; the attempt already has its outcome
        }
    }

    /**
     * Runs a nested step list with the given input, e.g. a branch, a loop body or a catch. {@code index} is the
     * element of a foreach the list runs for, {@code branch} the parallel branch; null where neither applies.
     */
    public CompletableFuture<JsonNode> run(StepSequence steps, JsonNode input, Scope scope, Integer index, String branch) {
        Position at = index != null ? position.element(index, position.quiet()) : position;
        return steps.run(ctx, scope, input, branch != null ? at.inBranch(branch) : at, this);
    }

    /**
     * Starts nested work on a worker rather than on this thread. A step list runs on the thread that starts it up
     * to its first step that waits (a script runs to its end there), so a control step starting its branches or
     * elements one after another would otherwise hold each until the one before it waits.
     */
    public CompletableFuture<JsonNode> startAside(Supplier<CompletableFuture<JsonNode>> start) {
        return CompletableFuture.supplyAsync(start, services().workers()).thenCompose(f -> f);
    }

    /** Like {@link #run}, but the body's trace entries are kept only when they fail. */
    public CompletableFuture<JsonNode> runQuietly(StepSequence steps, JsonNode input, Scope scope, int index) {
        return steps.run(ctx, scope, input, position.element(index, true), this);
    }

    /**
     * Where nested steps sit: their foreach index, the indexes of the foreach steps around them from the outermost
     * down to it ({@code [2, 0]}: element 0 of a foreach in element 2 of another; null outside any foreach), their
     * parallel branch, and whether to record them.
     */
    record Position(Integer index, List<Integer> indexes, String branch, boolean quiet) {
        static final Position TOP = new Position(null, null, null, false);

        /** The position of element {@code i} of a foreach that sits here. */
        Position element(int i, boolean quiet) {
            List<Integer> path = new ArrayList<>(indexes == null ? List.of() : indexes);
            path.add(i);
            return new Position(i, List.copyOf(path), branch, quiet);
        }

        Position inBranch(String name) {
            return new Position(index, indexes, name, quiet);
        }
    }
}
