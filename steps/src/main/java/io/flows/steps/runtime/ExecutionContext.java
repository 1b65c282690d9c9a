package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.steps.http.AnswerHolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one running execution that its steps share: identity, trigger, vars, the trace of
 * step attempts, and cancellation.
 */
public final class ExecutionContext {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionContext.class);

    private final String id;
    private final String flowId;
    private final int flowVersion;
    private final Instant startedAt;
    private final ObjectNode trigger;
    private final ObjectNode vars;
    private final java.util.Map<String, JsonNode> varOverrides;
    private final ObjectNode execution;
    private final StepServices services;
    private final int depth;
    private final String parentExecutionId;
    private final TraceListener listener;
    private final List<TraceEntry> trace = new ArrayList<>();
    private final Set<Attempt> running = ConcurrentHashMap.newKeySet();
    private final Set<RetryWait> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private volatile String cancelledStepId;
    /** Guards {@link #open}, {@link #closed} and {@link #whenSettled}. */
    private final Object attempts = new Object();
    /** Attempts that have begun and whose trace entry has not ended yet. */
    private int open;
    /** Set when the execution's last step has returned: no attempt begins any more. */
    private boolean closed;
    private Runnable whenSettled;
    private volatile ErrorInfo traceFailure;
    /** Its own, or those of the execution that called it as a sub-flow. */
    private volatile HeldAnswers answers = new HeldAnswers();
    private volatile boolean ownAnswers = true;
    /** Sub-flow executions of flows calling themselves started so far in the whole call tree. */
    private volatile AtomicInteger recursiveCalls = new AtomicInteger();
    /** The flows of the executions that called this one, the top-level one first. */
    private volatile List<String> callers = List.of();

    /**
     * @param vars         the flow's vars with the overrides applied
     * @param varOverrides the overrides alone (per run, per node); sub-flows get them too
     */
    public ExecutionContext(String id, String flowId, int flowVersion, Instant startedAt, ObjectNode trigger,
                            ObjectNode vars, java.util.Map<String, JsonNode> varOverrides, StepServices services,
                            int depth, String parentExecutionId, TraceListener listener) {
        this.varOverrides = varOverrides == null ? java.util.Map.of() : java.util.Map.copyOf(varOverrides);
        this.id = id;
        this.flowId = flowId;
        this.flowVersion = flowVersion;
        this.startedAt = startedAt;
        this.trigger = trigger;
        this.vars = vars;
        this.services = services;
        this.depth = depth;
        this.parentExecutionId = parentExecutionId;
        this.listener = listener == null ? TraceListener.NONE : listener;
        this.execution = JsonNodeFactory.instance.objectNode()
                .put("id", id).put("flowId", flowId).put("flowVersion", flowVersion)
                .put("startedAt", startedAt.toString());
    }

    public String id() { return id; }
    public String flowId() { return flowId; }
    public int flowVersion() { return flowVersion; }
    public Instant startedAt() { return startedAt; }
    public ObjectNode trigger() { return trigger; }
    public ObjectNode vars() { return vars; }
    public ObjectNode executionInfo() { return execution; }
    public java.util.Map<String, JsonNode> varOverrides() { return varOverrides; }
    public StepServices services() { return services; }
    public int depth() { return depth; }
    public String parentExecutionId() { return parentExecutionId; }

    /** Who keeps the partners' answers its steps get, and their room in the node's response memory. */
    public AnswerHolder answers() {
        return answers;
    }

    /**
     * Makes this execution, a sub-flow of {@code caller}, keep its answers with the caller's (its output becomes a
     * step's output there, and a caller waiting for it could otherwise not free what it holds) and count its calls of
     * flows calling themselves with the caller's. Before it runs.
     */
    public void calledBy(ExecutionContext caller) {
        answers = caller.answers;
        ownAnswers = false;
        recursiveCalls = caller.recursiveCalls;
        List<String> chain = new ArrayList<>(caller.callers);
        chain.add(caller.flowId);
        callers = List.copyOf(chain);
    }

    /** Whether {@code flow} is this execution's flow or one of its callers': calling it again recurses. */
    public boolean inCallChain(String flow) {
        return flowId.equals(flow) || callers.contains(flow);
    }

    /**
     * Counts one more call of a flow already in its call chain, for the whole call tree this execution belongs to;
     * false, counting nothing, when {@code max} have been made already. Recursion within the nesting limit is what
     * multiplies executions (three such calls per run: 9,841); other sub-flows are bounded by the data they are given.
     */
    public boolean startRecursiveCall(int max) {
        return recursiveCalls.getAndUpdate(n -> n < max ? n + 1 : n) < max;
    }

    /** Lets the answers this execution kept go (at its end, once its outcome is recorded). */
    public void releaseAnswers() {
        if (ownAnswers) {
            answers.end();
        }
    }

    /** The trigger body: the first step's input. */
    public JsonNode triggerBody() {
        JsonNode body = trigger.get("body");
        return body == null ? JsonNodeFactory.instance.objectNode() : body;
    }

    void record(TraceEntry entry) {
        synchronized (trace) {
            trace.add(entry);
        }
        tell(() -> listener.started(this, entry), entry);
    }

    void finished(TraceEntry entry) {
        tell(() -> listener.finished(this, entry), entry);
    }

    /**
     * A listener that throws must not stop the step machinery half way (an attempt that never settles keeps the
     * execution running forever): its failure is kept, no step starts after it, and the execution ends with it.
     */
    private void tell(Runnable call, TraceEntry entry) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("execution {}: the trace of step '{}' could not be recorded", id, entry.stepId(), e);
            synchronized (attempts) {
                if (traceFailure == null) {
                    traceFailure = new ErrorInfo("TRACE_NOT_RECORDED", "the trace of step '" + entry.stepId()
                            + "' could not be recorded: " + e, entry.stepId(), null);
                }
            }
        }
    }

    /** Why the trace is incomplete (a listener failed), or null; once set the execution ends FAILED with it. */
    public ErrorInfo traceFailure() {
        return traceFailure;
    }

    /** The attempts recorded so far, in the order they started. */
    public List<TraceEntry> trace() {
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Stops the execution: running attempts fail with CANCELLED, steps waiting to retry give up, and no further
     * step starts.
     */
    public void cancel() {
        if (cancelRequested.compareAndSet(false, true)) {
            cancelledStepId = innermostRunning(); // before the aborts below end them
        }
        cancelled = true;
        for (Attempt a : running) {
            a.abort(cancelledFailure());
        }
        for (RetryWait w : waiting) {
            w.stop(cancelledFailure());
        }
    }

    /**
     * The step that was running when the execution was cancelled: the innermost one (a step in a try in a foreach,
     * not the foreach), and of those running side by side (parallel branches) the one that started first. A step
     * waiting to retry counts as running. Null when nothing ran at that moment, or before a cancel.
     */
    public String cancelledStepId() {
        return cancelledStepId;
    }

    private String innermostRunning() {
        List<Attempt> candidates = new ArrayList<>();
        running.stream().filter(a -> !a.result().isDone()).forEach(candidates::add);
        waiting.forEach(w -> candidates.add(w.failed()));
        Attempt innermost = null;
        for (Attempt a : candidates) {
            boolean holdsAnother = candidates.stream().anyMatch(other -> other.isWithin(a));
            if (!holdsAnother && (innermost == null || a.startedNanos() < innermost.startedNanos())) {
                innermost = a;
            }
        }
        return innermost == null ? null : innermost.step().id();
    }

    /**
     * An attempt is about to begin (before its entry goes into the trace); false once the execution has ended,
     * when nothing may begin any more. Each {@code true} is matched by one {@link #settled()}.
     */
    boolean begin() {
        synchronized (attempts) {
            if (closed) {
                return false;
            }
            open++;
            return true;
        }
    }

    /** An attempt that began has ended its trace entry (it may still retry: the next attempt begins anew). */
    void settled() {
        Runnable then = null;
        synchronized (attempts) {
            if (--open == 0 && closed) {
                then = whenSettled;
                whenSettled = null;
            }
        }
        if (then != null) {
            then.run();
        }
    }

    /**
     * The execution's steps have returned: from now on no attempt begins, and {@code then} (its end: outcome and
     * final write) runs once every attempt that began has ended its trace entry. Those are attempts a cancel, a
     * timeout or the end of their enclosing step has already stopped, which settle on a worker: an element a
     * foreach started as the cancel landed, say. Without the wait, the end could record them still running.
     */
    public void close(Runnable then) {
        synchronized (attempts) {
            closed = true;
            if (open > 0) {
                whenSettled = then;
                return;
            }
        }
        then.run();
    }

    void started(Attempt a) {
        running.add(a);
        if (cancelled) {
            a.abort(cancelledFailure());
        } else if (a.abandoned()) {
            a.abortAsNested(stoppedFromOutside());
        }
    }

    /** Marks the trace entries of the attempts running inside {@code outer} as failed, before {@code outer} ends. */
    void markFailedWithin(Attempt outer) {
        for (Attempt a : running) {
            if (a.isWithin(outer) && !a.result().isDone()) {
                a.markFailed(stoppedFromOutside());
            }
        }
    }

    /** Stops the attempts running inside {@code outer}, which has just ended before them, and their retry waits. */
    void abortWithin(Attempt outer) {
        for (Attempt a : running) {
            if (a.isWithin(outer)) {
                a.abortAsNested(stoppedFromOutside());
            }
        }
        for (RetryWait w : waiting) {
            if (w.isWithin(outer)) {
                w.stop(stoppedFromOutside());
            }
        }
    }

    /**
     * Why a step stops because something around it ended: the cancel, when the execution was cancelled (the
     * enclosing step ended because of it, whichever of them the cancel reached first), else the enclosing step's end.
     */
    io.flows.steps.StepFailure stoppedFromOutside() {
        return cancelled ? cancelledFailure() : enclosingEnded();
    }

    static io.flows.steps.StepFailure cancelledFailure() {
        return io.flows.steps.StepFailure.stopped("the execution was cancelled", null);
    }

    static io.flows.steps.StepFailure enclosingEnded() {
        return io.flows.steps.StepFailure.stopped("a step enclosing this one ended first (timeout or cancel)", null);
    }

    void ended(Attempt a) {
        running.remove(a);
    }

    void waiting(RetryWait w) {
        waiting.add(w);
    }

    void doneWaiting(RetryWait w) {
        waiting.remove(w);
    }

    /** Hears about step attempts as they start and end (for live views and persistence). */
    public interface TraceListener {
        TraceListener NONE = new TraceListener() { };

        default void started(ExecutionContext ctx, TraceEntry entry) {
        }

        default void finished(ExecutionContext ctx, TraceEntry entry) {
        }
    }
}
