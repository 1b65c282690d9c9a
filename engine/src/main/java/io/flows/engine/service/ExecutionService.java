package io.flows.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.flows.engine.FlowsConfig;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.runtime.ExecutionJson;
import io.flows.engine.runtime.ExecutionListener;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.runtime.Ids;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.secrets.Redactor;
import io.flows.engine.store.ExecutionHead;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.ExecutionWriter;
import io.flows.engine.store.FlowRow;
import io.flows.engine.store.IdempotencyRepository;
import io.flows.engine.store.IdempotencyRow;
import io.flows.engine.store.OutageLog;
import io.flows.engine.store.StepRepository;
import io.flows.engine.store.StepRow;
import io.flows.steps.runtime.ErrorInfo;
import io.flows.steps.runtime.ExecutionContext;
import io.flows.steps.runtime.TraceEntry;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, queues, records and answers for executions.
 *
 * <p>An execution is committed as QUEUED before anyone is told it exists; it then waits in a
 * bounded queue (at most {@code flows.max-running} run at once, within {@code flows.execution-memory};
 * waiting costs no thread, and a waiting execution's trigger stays in the database), is
 * marked RUNNING, runs on the engine, and its final state and step trace are committed before a
 * waiting caller gets its answer. After a crash, QUEUED executions run again and RUNNING ones are
 * marked FAILED with {@code INTERRUPTED}.
 */
@Singleton
public class ExecutionService implements ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);
    private static final List<String> OPEN = List.of(ExecutionStatus.QUEUED.name(), ExecutionStatus.RUNNING.name());
    private static final ErrorInfo INTERRUPTED =
            new ErrorInfo("INTERRUPTED", "the service stopped while this execution was running", null, null);
    /** Executions marked INTERRUPTED per commit at start-up (each whole row, trigger included, is in memory until then). */
    private static final int INTERRUPTED_BATCH = 32;
    /** How long a read or a cancel waits out an execution's hand-over to or from the engine ({@link #inHandover}). */
    private static final long HANDOVER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long HANDOVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FlowEngine engine;
    private final FlowRegistry registry;
    private final ExecutionWriter writer;
    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final IdempotencyKeys idempotencyKeys;
    private final FlowsConfig config;
    private final Clock clock;
    private final OutageLog checkpointOutage;
    private final ExecutionMetrics metrics;
    private final ExecutionJson json;
    private final Map<String, JsonNode> nodeVars;
    private final EngineEvents events;
    private final String node;
    private final Redactor redactor;
    private final StepCheckpoints checkpoints;
    private final StoredEnds storedEnds;
    private final ScheduledExecutorService checkpointTimer;

    /** Executions of this node not yet committed in their final state, by id. */
    private final Map<String, ExecutionRow> live = new ConcurrentHashMap<>();
    /** Completed once the final state is committed: what a waiting caller gets. */
    private final Map<String, CompletableFuture<ObjectNode>> committed = new ConcurrentHashMap<>();
    private final Set<String> topLevel = ConcurrentHashMap.newKeySet();
    private final RunSlots slots;
    /** Whether this thread is inside {@link #drain}. */
    private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> false);

    /**
     * A new execution and its end: held by the starter, so that a fast run that ended before the
     * caller asks is answered from memory, not read back from the database.
     */
    private record Started(String id, CompletableFuture<ObjectNode> end) {
    }

    /**
     * What a start request got: the execution, whether an earlier request had already started it,
     * and whether that first request waited for the end (a repeat answers the same way).
     */
    public record Submission(String id, boolean replayed, boolean firstWaited, CompletableFuture<ObjectNode> end) {

        Submission(Started started, boolean firstWaited) {
            this(started.id(), false, firstWaited, started.end());
        }
    }

    public ExecutionService(FlowEngine engine, FlowRegistry registry, ExecutionWriter writer, ExecutionRepository executions,
                            StepRepository steps, IdempotencyRepository keys, FlowsConfig config, Clock clock,
                            ExecutionMetrics metrics, EngineEvents events, NodeIdentity node, Redactor redactor,
                            StoredEnds storedEnds) {
        this.engine = engine;
        this.registry = registry;
        this.writer = writer;
        this.executions = executions;
        this.steps = steps;
        this.idempotencyKeys = new IdempotencyKeys(keys, executions, config.getIdempotencyRetention(), clock);
        this.config = config;
        this.clock = clock;
        this.checkpointOutage = new OutageLog(LOG, "the step checkpoints of long executions", clock);
        this.metrics = metrics;
        this.json = new ExecutionJson(config.getMaxStepPayloadBytes());
        this.nodeVars = NodeVars.of(config, System.getenv());
        this.events = events;
        this.node = node.id();
        this.redactor = redactor;
        this.storedEnds = storedEnds;
        this.checkpoints = new StepCheckpoints(engine, json, redactor, writer);
        this.slots = new RunSlots(config.getMaxRunning(), new ExecutionMemory(config.executionMemoryOrDefault()));
        metrics.watch(slots::waitingCount, slots::runningCount);
        events.attach(this);
        this.checkpointTimer = checkpointTimer(this::checkpointLongRuns, config.getStepCheckpointInterval());
    }

    /**
     * Starts the latest version of a flow as the execution {@code executionId} (chosen by the caller,
     * who has already recorded it, e.g. on a webhook delivery); committed before this returns. It is
     * work the flow accepted while enabled (a delivery answered 200), so, like a queued execution, it
     * runs even if the flow was disabled since.
     *
     * @param acceptedAt the flow's version when the work was accepted; null: not known (not checked)
     * @throws ApiProblem 404 when the flow was deleted since, also when a flow with the same id was created after it
     */
    public String startAs(String flowId, @Nullable Integer acceptedAt, ObjectNode trigger, String executionId) {
        if (deletedSince(flowId, acceptedAt)) {
            boolean createdAgain = registry.row(flowId).isPresent();
            throw ApiProblem.notFound("flow '" + flowId + "' was deleted"
                    + (createdAgain ? " (the flow with this id now was created after it)" : ""));
        }
        return stored(enqueueNew(latest(flowId), trigger, null, executionId)).id();
    }

    /**
     * Completes with the execution as committed in its final state: at once when it has already
     * ended (or is not known to this node, then as stored).
     */
    public CompletableFuture<ObjectNode> whenEnded(String id) {
        CompletableFuture<ObjectNode> f = committed.get(id);
        if (f != null) {
            return f;
        }
        return CompletableFuture.completedFuture(get(id));
    }

    /**
     * Completes with the execution once it has ended, or as it is when {@code within} is over (possibly later: the
     * caller bounds its own wait). One that runs here is answered from memory; one that another node runs (the
     * execution of an Idempotency-Key that a repeat brought to this node) is known here only from the database, so
     * its stored status is read at short intervals.
     */
    public CompletableFuture<ObjectNode> whenEnded(String id, Duration within) {
        CompletableFuture<ObjectNode> f = committed.get(id);
        if (f != null) {
            return f;
        }
        return storedEnds.ended(id, within).thenApply(ended -> get(id));
    }

    /** Starts the latest version of a flow; the execution is committed before this returns. */
    public Submission submit(String flowId, ObjectNode trigger, String idempotencyKey, boolean wait) {
        if (idempotencyKey == null) {
            return new Submission(stored(enqueueNew(latestRunnable(flowId), trigger, null, Ids.next(clock))), wait);
        }
        String storedKey = IdempotencyRow.key(flowId, idempotencyKey);
        return idempotencyKeys.oneAtATime(storedKey, () -> {
            // a repeat answers like the first request did, even if the flow was disabled since
            Optional<Submission> earlier = earlierSubmission(flowId, storedKey, idempotencyKey, trigger);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            FlowVersion v = latestRunnable(flowId);
            IdempotencyRow key = idempotencyKeys.claim(storedKey, flowId, trigger, wait);
            try {
                return new Submission(stored(enqueueNew(v, trigger, key, Ids.next(clock))), wait);
            } catch (ApiProblem notStored) {
                // another node stored the same key at the same moment (the key's primary key decided): this request
                // is a repeat of that one
                Optional<Submission> winner;
                try {
                    winner = earlierSubmission(flowId, storedKey, idempotencyKey, trigger);
                } catch (ApiProblem answered) {
                    throw answered; // the winner came with another request: 422
                } catch (RuntimeException databaseDown) {
                    winner = Optional.empty();
                }
                return winner.orElseThrow(() -> {
                    LOG.error("could not store a new execution of {} (Idempotency-Key {})", flowId, idempotencyKey);
                    return notStored;
                });
            }
        });
    }

    /** The execution an earlier request with this key started, within the key's retention; 422 for another request. */
    private Optional<Submission> earlierSubmission(String flowId, String storedKey, String idempotencyKey,
                                                   ObjectNode trigger) {
        // a flow deleted (with no successor yet) still answers its repeats; one created again does not answer its
        // predecessor's
        int firstVersion = registry.row(flowId).map(FlowRow::firstVersion).orElse(0);
        return idempotencyKeys.earlier(storedKey, idempotencyKey, trigger, firstVersion)
                .map(k -> new Submission(k.executionId(), true, k.waited(), null));
    }

    /**
     * Like {@link #submit} without an idempotency key, without blocking: completes once the execution is
     * committed (on the writer's thread). An unknown or disabled flow is refused at once.
     */
    public CompletableFuture<Submission> submitAsync(String flowId, ObjectNode trigger, boolean wait) {
        FlowVersion v = latestRunnable(flowId);
        return enqueueNew(v, trigger, null, Ids.next(clock)).thenApply(started -> new Submission(started, wait));
    }

    private FlowVersion latestRunnable(String flowId) {
        FlowRow flow = registry.row(flowId).orElseThrow(() -> ApiProblem.notFound("no flow with id '" + flowId + "'"));
        if (!flow.enabled()) {
            throw ApiProblem.conflict("flow '" + flowId + "' is disabled; POST /api/flows/" + flowId + "/enable to run it");
        }
        return latest(flow);
    }

    private FlowVersion latest(String flowId) {
        return latest(registry.row(flowId).orElseThrow(() -> ApiProblem.notFound("flow '" + flowId + "' was deleted")));
    }

    private FlowVersion latest(FlowRow flow) {
        String flowId = flow.id();
        return registry.version(flowId, flow.latestVersion())
                .orElseThrow(() -> ApiProblem.notFound("flow '" + flowId + "' has no version " + flow.latestVersion()));
    }

    /** Runs a past execution's flow version again with the same trigger input. */
    public Submission replay(String executionId) {
        ExecutionRow past = executions.findById(executionId)
                .orElseThrow(() -> ApiProblem.notFound("no execution with id '" + executionId + "'"));
        FlowRow flow = registry.row(past.flowId())
                .orElseThrow(() -> ApiProblem.notFound("flow '" + past.flowId() + "' was deleted"));
        if (past.flowVersion() < flow.firstVersion()) {
            throw ApiProblem.notFound("the flow this execution ran (version " + past.flowVersion() + " of '"
                    + past.flowId() + "') was deleted; the flow now under its id was created again from version "
                    + flow.firstVersion());
        }
        if (!flow.enabled()) {
            throw ApiProblem.conflict("flow '" + past.flowId() + "' is disabled");
        }
        FlowVersion v = registry.version(past.flowId(), past.flowVersion())
                .orElseThrow(() -> ApiProblem.notFound("flow version " + past.flowVersion() + " is gone"));
        return new Submission(stored(enqueueNew(v, (ObjectNode) Jsons.read(past.triggerJson()), null, Ids.next(clock))),
                false);
    }

    /** Waits for a new execution's insert to commit. */
    private static Started stored(CompletableFuture<Started> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Queues or starts a new execution; completes when its insert is committed, or with a 503 problem
     * (the execution cancelled) when it could not be stored.
     */
    private CompletableFuture<Started> enqueueNew(FlowVersion v, ObjectNode trigger, IdempotencyRow key, String id) {
        ExecutionRow queued = new ExecutionRow(id, v.flowId(), v.version(), ExecutionStatus.QUEUED.name(),
                Jsons.write(trigger), null, null, clock.instant(), null, null, null, node);
        IdempotencyRow k = key == null ? null
                : new IdempotencyRow(key.id(), key.flowId(), key.requestHash(), id, key.waited(), key.createdAt());
        CompletableFuture<ObjectNode> end = new CompletableFuture<>();
        committed.put(id, end);
        long charge = ExecutionMemory.charge(queued.triggerJson());
        boolean startsNow = slots.startNow(id, charge);
        // A run that starts at once is inserted as RUNNING: one write instead of QUEUED, then RUNNING.
        // Without an Idempotency-Key it starts while the insert commits (the single writer commits in order, so the
        // insert lands before the execution's later writes): waiting for the commit first cost 20-35 % of the
        // throughput in a side-by-side run. So if that insert fails (the database is away) the run is cancelled and
        // answered 503, but its first steps may have run; docs/operations.md says so and how a key avoids it.
        ExecutionRow row = startsNow ? queued.withStatus(ExecutionStatus.RUNNING.name(), clock.instant()) : queued;
        CompletableFuture<Void> stored = writer.insert(row, k);
        live.put(id, row);
        topLevel.add(id);
        if (startsNow && k == null) {
            start(v, trigger, row);
        } else if (startsNow) {
            // With a key, the run waits for its commit: another node may be storing the same key, and the one whose
            // insert fails must not have called a partner. Not on the writer's thread: a start that fails stores
            // its failure through the writer and waits for it.
            stored.whenCompleteAsync((ok, failure) -> {
                if (failure == null) {
                    start(v, trigger, row);
                } else {
                    ended(id, null);
                }
            });
        } else {
            QueuedExecution q = new QueuedExecution(v, row, trigger, charge);
            slots.enqueue(q);
            stored.thenRun(() -> dropTrigger(q));
            drain();
        }
        return stored.handle((ok, failure) -> {
            if (failure != null) {
                engine.cancel(id);
                if (k == null) { // a keyed start may have lost a race for its key: submit() decides
                    LOG.error("could not store a new execution of {}: {}", v.flowId(), failure.getMessage());
                }
                throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                        "the execution could not be stored, so it was cancelled. Try again.", List.of(),
                        Map.of("Retry-After", "5"));
            }
            return new Started(id, end);
        });
    }

    private void dropTrigger(QueuedExecution q) {
        q.dropTrigger();
        live.computeIfPresent(q.id, (id, row) ->
                row.status().equals(ExecutionStatus.QUEUED.name()) ? row.withoutTrigger() : row);
    }

    /**
     * Starts waiting executions, in turn, while there is room (in number and in memory) for the next one. An execution
     * that ends at once (its flow deleted) drains again from inside: that call leaves the work to the loop already
     * running on this thread, whose next turn finds the freed place, rather than nesting a level per such execution.
     */
    private void drain() {
        if (draining.get()) {
            return;
        }
        draining.set(true);
        try {
            QueuedExecution next;
            while ((next = slots.next()) != null) {
                begin(next);
            }
        } finally {
            draining.set(false);
        }
    }

    private void begin(QueuedExecution q) {
        ExecutionRow row;
        ObjectNode trigger;
        try {
            QueuedExecution.Loaded loaded = q.loaded();
            row = loaded != null ? loaded.row() : storedRow(q.id);
            trigger = loaded != null ? loaded.trigger() : (ObjectNode) Jsons.read(row.triggerJson());
        } catch (RuntimeException e) {
            // the database failed us: the execution stays QUEUED there and runs after a restart
            LOG.error("queued execution {} could not be read back, it stays queued until a restart: {}", q.id, e.toString());
            ExecutionRow head = live.get(q.id);
            ended(q.id, redactor.redact(ExecutionViews.fromRow(head, List.of())));
            return;
        }
        if (deletedSince(q.version.flowId(), q.version.version())) {
            // deleting a flow stops the work it had accepted and not yet begun (a webhook delivery's, a REST start's);
            // not waiting for the write: drain runs on the writer's thread after a commit
            endWithoutRunning(row, ExecutionStatus.FAILED,
                    new ErrorInfo("FLOW_DELETED", "its flow was deleted before it started", null, null));
            return;
        }
        row = row.withStatus(ExecutionStatus.RUNNING.name(), clock.instant());
        live.put(row.id(), row);
        writer.update(row, List.of());
        start(q.version, trigger, row);
    }

    /**
     * Whether the flow was deleted (and maybe created again under its id) since it had {@code version}: a flow created
     * again starts after its predecessor's versions. A null version: only whether it is deleted now.
     */
    private boolean deletedSince(String flowId, @Nullable Integer version) {
        Optional<FlowRow> flow = registry.row(flowId);
        return flow.isEmpty() || version != null && flow.get().firstVersion() > version;
    }

    private ExecutionRow storedRow(String id) {
        return executions.findById(id).orElseThrow(() -> new IllegalStateException("execution " + id + " is not stored"));
    }

    /** Hands a RUNNING execution (already written so) to the engine. */
    private void start(FlowVersion v, ObjectNode trigger, ExecutionRow row) {
        try {
            engine.start(v, trigger, nodeVars, row.id());
        } catch (RuntimeException e) {
            LOG.error("execution {} could not start: {}", row.id(), e.toString());
            ErrorInfo error = new ErrorInfo("INTERNAL_ERROR", "could not start: " + e.getMessage(), null, null);
            finishWithoutRunning(row, ExecutionStatus.FAILED, error);
        }
    }

    @Override
    public void executionStarted(ExecutionRecord e) {
        if (e.parentExecutionId() != null && !live.containsKey(e.id())) {
            // a call-flow child: recorded like any execution, with its parent
            ExecutionRow row = new ExecutionRow(e.id(), e.flowId(), e.flowVersion(), ExecutionStatus.RUNNING.name(),
                    Jsons.write(e.trigger()), null, null, e.startedAt(), e.startedAt(), null, e.parentExecutionId(), node);
            live.put(e.id(), row);
            committed.put(e.id(), new CompletableFuture<>());
            writer.insert(row, null);
        }
    }

    @Override
    public void executionFinished(ExecutionRecord e) {
        try {
            record(e);
        } catch (RuntimeException | OutOfMemoryError failure) {
            // its row stays RUNNING (the next start marks it INTERRUPTED); its caller, its slot and the line behind it
            // must not wait for a final state that will never be written. Out of memory too: building the record of
            // a large trace is where many large partner answers at once can exhaust the heap, and it passes with them
            LOG.error("execution {} ended {} but could not be recorded: {}", e.id(), e.status(), failure.toString());
            abandoned(e.id(), failure);
        }
    }

    /** Stores an ended execution and its steps, then answers whoever waits for it. */
    private void record(ExecutionRecord e) {
        Instant queuedAt = queuedAt(e);
        // built and masked once: what is stored is exactly what is answered, secrets masked in both
        ObjectNode answer = redactedJson(e);
        String trigger = Jsons.write(answer.get("trigger"));
        String output = e.output() == null ? null : Jsons.write(answer.get("output"));
        String error = e.error() == null ? null : Jsons.write(answer.get("error"));
        checkpoints.close(e.id()); // the trace goes whole into the row: no checkpoint may write after it
        ArrayNode entries = (ArrayNode) answer.get("steps");
        StringBuilder steps = new StringBuilder().append('[');
        for (int i = 0; i < entries.size(); i++) {
            String step = Jsons.write(entries.get(i));
            steps.append(i == 0 ? "" : ",").append(step);
            // the answer carries the text just written for the database instead of writing the same tree again
            entries.set(i, entries.rawValueNode(new RawValue(step)));
        }
        ExecutionRow row = new ExecutionRow(e.id(), e.flowId(), e.flowVersion(), e.status().name(), trigger, output,
                error, queuedAt, e.startedAt(), e.finishedAt(), e.parentExecutionId(), node, steps.append(']').toString());
        answer.putRawValue("trigger", new RawValue(trigger));
        if (output != null) {
            answer.putRawValue("output", new RawValue(output));
        }
        if (error != null) {
            answer.putRawValue("error", new RawValue(error));
        }
        answer.put("queuedAt", queuedAt.toString());
        writer.update(row, List.of()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("execution {} ended {} but could not be stored: {}", e.id(), e.status(), failure.getMessage());
            }
            ended(e.id(), answer);
            metrics.finished(e.flowId(), e.status().name());
        });
    }

    /**
     * Stores the ended steps of executions running longer than {@code flows.step-checkpoint-interval}, so that
     * one cut short by a crash keeps its trace up to then.
     */
    private void checkpointLongRuns() {
        try {
            checkpoints.store(live, clock.instant().minus(config.getStepCheckpointInterval()));
            checkpointOutage.passed();
        } catch (RuntimeException e) {
            if (checkpointOutage.outage(e)) {
                return;
            }
            LOG.warn("step checkpoints of long executions failed, trying again in {}: {}",
                    config.getStepCheckpointInterval(), e.toString());
        }
    }

    /**
     * The checkpoint timer is this service's own, not a {@code @Scheduled} method: Micronaut resolves a scheduled
     * method's bean at each run, and a run during the stop, after this bean was destroyed, built a second one
     * (a "Gauge already registered" warning at stops).
     */
    private static ScheduledExecutorService checkpointTimer(Runnable task, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flows-checkpoints");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(task, period, period, TimeUnit.MILLISECONDS);
        return timer;
    }

    /** When the execution was accepted: the engine knows only when it started (a call-flow child: the same). */
    private Instant queuedAt(ExecutionRecord e) {
        ExecutionRow row = live.get(e.id());
        return row == null ? e.startedAt() : row.queuedAt();
    }

    /** The execution as stored and answered, with every secret value masked (docs/secrets.md). */
    private ObjectNode redactedJson(ExecutionRecord e) {
        return redactor.redact(json.write(e));
    }

    @Override
    public void finished(ExecutionContext ctx, TraceEntry entry) {
        metrics.step(entry.kind(), entry.status().name(), entry.durationMs() == null ? 0 : entry.durationMs());
    }

    private void ended(String id, ObjectNode answer) {
        end(id, waiter -> waiter.complete(answer));
    }

    /** Like {@link #ended}, for an execution whose end could not be stored: a waiter reads it as it is stored. */
    private void abandoned(String id, Throwable why) {
        end(id, waiter -> waiter.completeExceptionally(why));
    }

    private void end(String id, java.util.function.Consumer<CompletableFuture<ObjectNode>> answer) {
        live.remove(id);
        checkpoints.forget(id);
        CompletableFuture<ObjectNode> waiter = committed.remove(id);
        if (waiter != null) {
            answer.accept(waiter);
        }
        if (topLevel.remove(id)) {
            slots.release(id);
            drain(); // also when it never ran: a cancelled first in line may have held back the next one
        }
    }

    private void finishWithoutRunning(ExecutionRow row, ExecutionStatus status, ErrorInfo error) {
        endWithoutRunning(row, status, error).join();
    }

    /** Like {@link #finishWithoutRunning}, without waiting for the write: safe on the writer's own thread. */
    private CompletableFuture<Void> endWithoutRunning(ExecutionRow row, ExecutionStatus status, ErrorInfo error) {
        Instant now = clock.instant();
        // a queued row holds its trigger as given (the run needs it); an ended one is stored masked, as any other
        String trigger = Jsons.write(redactor.redact(Jsons.read(row.triggerJson())));
        ExecutionRow end = new ExecutionRow(row.id(), row.flowId(), row.flowVersion(), status.name(), trigger,
                null, Jsons.write(error.toJson()), row.queuedAt(), row.startedAt(), now, row.parentExecutionId(), row.nodeId());
        return writer.update(end, List.of()).whenComplete((ok, failure) -> {
            LOG.info("execution {} of {} v{} {} before it ran ({})", row.id(), row.flowId(), row.flowVersion(), status,
                    error.code());
            metrics.finished(row.flowId(), status.name());
            ended(row.id(), redactor.redact(ExecutionViews.fromRow(end, List.of())));
        });
    }

    /**
     * Waits for the execution's committed final state, up to {@code timeout}; empty when it is
     * still running then.
     */
    public Optional<ObjectNode> await(String id, Duration timeout) {
        return await(id, committed.get(id), timeout);
    }

    private Optional<ObjectNode> await(String id, CompletableFuture<ObjectNode> f, Duration timeout) {
        if (f == null) {
            return Optional.of(get(id));
        }
        try {
            return Optional.of(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(get(id));
        }
    }

    /** The execution now: live from the engine while it runs here, else as stored. */
    public ObjectNode get(String id) {
        long deadline = System.nanoTime() + HANDOVER_WAIT_NANOS;
        Optional<ExecutionRecord> running = engine.snapshot(id);
        while (running.isEmpty() && inHandover(id) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(HANDOVER_POLL_NANOS);
            running = engine.snapshot(id);
        }
        if (running.isPresent()) {
            return redactedJson(running.get()).put("queuedAt", queuedAt(running.get()).toString());
        }
        ExecutionRow row = live.get(id);
        if (row == null || row.triggerJson() == null) {
            row = executions.findById(id).orElseThrow(() -> ApiProblem.notFound("no execution with id '" + id + "'"));
        }
        // masked again on the way out: a value may have become a secret after the execution was stored
        List<StepRow> stepRows = row.stepsJson() != null ? List.of() : steps.findByExecutionIdOrderBySeq(id);
        return redactor.redact(ExecutionViews.fromRow(row, stepRows));
    }

    /** Cancels a queued or running execution; an ended one is answered as it is. */
    public ObjectNode cancel(String id) {
        long deadline = System.nanoTime() + HANDOVER_WAIT_NANOS;
        do {
            if (engine.cancel(id)) {
                return await(id, Duration.ofSeconds(10)).orElseGet(() -> get(id));
            }
            Optional<QueuedExecution> queued = slots.withdraw(id);
            if (queued.isPresent()) {
                QueuedExecution.Loaded loaded = queued.get().loaded();
                finishWithoutRunning(loaded != null ? loaded.row() : storedRow(id), ExecutionStatus.CANCELLED,
                        new ErrorInfo("CANCELLED", "the execution was cancelled before it started", null, null));
                return get(id);
            }
            if (!inHandover(id)) {
                break;
            }
            LockSupport.parkNanos(HANDOVER_POLL_NANOS);
        } while (System.nanoTime() < deadline);
        ExecutionRow row = executions.findById(id).orElseThrow(() -> ApiProblem.notFound("no execution with id '" + id + "'"));
        boolean open = OPEN.contains(row.status());
        if (open && row.nodeId() != null && !row.nodeId().equals(node)) {
            throw ApiProblem.conflict("execution " + id + " is " + row.status() + " on node " + row.nodeId()
                    + "; send the cancel to that node");
        }
        if (row.status().equals(ExecutionStatus.QUEUED.name()) && !live.containsKey(id)) {
            finishWithoutRunning(row, ExecutionStatus.CANCELLED,
                    new ErrorInfo("CANCELLED", "the execution was cancelled before it started", null, null));
        }
        return get(id);
    }

    /**
     * Between its slot and the engine: given a place to run but not yet known to the engine, or ended there with its
     * end not yet committed. Such an execution can be neither cancelled nor read as it is, for moments that a cancel
     * and a read wait out, rather than answer RUNNING without its steps (or lose the cancel).
     */
    private boolean inHandover(String id) {
        CompletableFuture<ObjectNode> end = committed.get(id);
        return end != null && !end.isDone() && live.containsKey(id) && (!topLevel.contains(id) || slots.holds(id))
                && !engine.runs(id);
    }

    /**
     * The newest executions of a flow. A deleted flow's executions stay listed; an id that never named a flow and
     * has no executions is 404, as for the flow's other endpoints.
     */
    public List<ObjectNode> list(String flowId, String status, int limit) {
        Pageable page = Pageable.from(0, Math.max(1, Math.min(limit, 1000)));
        List<ExecutionHead> rows = status == null
                ? executions.queryByFlowIdOrderByQueuedAtDesc(flowId, page)
                : executions.queryByFlowIdAndStatusOrderByQueuedAtDesc(flowId, status.toUpperCase(), page);
        if (rows.isEmpty() && !registry.known(flowId) && (status == null || !executions.existsByFlowId(flowId))) {
            throw ApiProblem.notFound("no flow with id '" + flowId + "' and no executions of one");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ExecutionHead r : rows) {
            ExecutionRow now = live.get(r.id());
            out.add(redactor.redact(ExecutionViews.summary(now == null ? r : ExecutionHead.of(now))));
        }
        return out;
    }

    public Optional<ExecutionHead> last(String flowId) {
        return executions.queryByFlowIdOrderByQueuedAtDesc(flowId, Pageable.from(0, 1)).stream().findFirst();
    }

    /**
     * At start: the open executions this node's previous process left behind (same node id) are
     * interrupted (RUNNING) or run now (QUEUED).
     */
    public void recover() {
        resume(executions.queryByNodeIdAndStatusInOrderByQueuedAt(node, OPEN));
    }

    /**
     * Takes over the open executions of a node that stopped ({@code from} null: those naming no
     * node). One UPDATE moves them, so two nodes taking over at once never both get one.
     *
     * @return how many this node took
     */
    public int takeOver(String from) {
        return takeOver(from, null);
    }

    /**
     * Like {@link #takeOver(String)}; with {@code staleBefore}, only while the node's heartbeat is
     * still older than that (checked in the same UPDATE).
     */
    public int takeOver(String from, Instant staleBefore) {
        int moved = from == null ? executions.adoptUnowned(node)
                : staleBefore == null ? executions.adopt(from, node)
                : executions.adoptStale(from, node, staleBefore);
        if (moved > 0) {
            resume(executions.queryByNodeIdAndStatusInOrderByQueuedAt(node, OPEN));
        }
        return moved;
    }

    /** The other nodes named by open executions. */
    public List<String> openOwners() {
        return executions.openOwners().stream().filter(n -> !n.equals(node)).toList();
    }

    /** Open executions of this node that nothing here runs: RUNNING ones are interrupted, QUEUED ones run. */
    private void resume(List<ExecutionHead> rows) {
        List<ExecutionHead> orphans = rows.stream().filter(r -> !live.containsKey(r.id())).toList();
        int failed = failInterrupted(orphans.stream()
                .filter(r -> r.status().equals(ExecutionStatus.RUNNING.name())).toList());
        int queued = 0;
        for (ExecutionHead head : orphans) {
            if (!head.status().equals(ExecutionStatus.QUEUED.name()) || executions.confirmQueued(head.id(), node) == 0) {
                continue;
            }
            // one whole row at a time: the queue keeps only what it needs to start the execution later
            ExecutionRow row = storedRow(head.id());
            Optional<FlowVersion> v = registry.version(row.flowId(), row.flowVersion());
            if (v.isEmpty()) {
                finishWithoutRunning(row, ExecutionStatus.FAILED,
                        new ErrorInfo("INTERRUPTED", "its flow version no longer exists", null, null));
                continue;
            }
            enqueueStored(v.get(), row);
            queued++;
        }
        if (failed > 0 || queued > 0) {
            LOG.info("recovered executions: {} interrupted, {} queued again", failed, queued);
        }
        drain();
    }

    /**
     * Marks RUNNING executions that nothing runs any more FAILED with INTERRUPTED, through the writer
     * rather than one bulk UPDATE, so each final state reaches the writer's hooks (outgoing
     * notifications).
     */
    private int failInterrupted(List<ExecutionHead> running) {
        Instant now = clock.instant();
        String errorJson = Jsons.write(INTERRUPTED.toJson());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ExecutionHead head : running) {
            ExecutionRow r = storedRow(head.id());
            writes.add(writer.update(new ExecutionRow(r.id(), r.flowId(), r.flowVersion(), ExecutionStatus.FAILED.name(),
                    r.triggerJson(), r.outputJson(), errorJson, r.queuedAt(), r.startedAt(), now, r.parentExecutionId(),
                    node), List.of()));
            if (writes.size() % INTERRUPTED_BATCH == 0) {
                writes.get(writes.size() - 1).join(); // the writer commits in order: a few whole rows in memory at a time
            }
        }
        writes.forEach(CompletableFuture::join);
        return writes.size();
    }

    /**
     * Runs an execution that its caller committed as QUEUED itself (a schedule tick commits the
     * execution in the same transaction as its fire row, so the tick and its run cannot part).
     */
    public void runQueued(FlowVersion v, ExecutionRow row) {
        enqueueStored(v, row);
        drain();
    }

    /** Queues an execution whose row is already committed: its trigger is read back from the database when it starts. */
    private void enqueueStored(FlowVersion v, ExecutionRow row) {
        committed.put(row.id(), new CompletableFuture<>());
        live.put(row.id(), row.withoutTrigger());
        topLevel.add(row.id());
        slots.enqueue(new QueuedExecution(v, row, null, ExecutionMemory.charge(row.triggerJson())));
    }

    /** Deletes executions that ended before the retention period and expired idempotency keys. */
    public int prune() {
        Instant before = clock.instant().minus(config.getRetention());
        int deleted = 0;
        List<String> ids;
        while (!(ids = executions.findIdByFinishedAtLessThan(before, Pageable.from(0, 500))).isEmpty()) {
            steps.deleteByExecutionIds(ids);
            executions.deleteByIdIn(ids);
            deleted += ids.size();
        }
        idempotencyKeys.pruneExpired();
        return deleted;
    }

    /**
     * On shutdown: no new execution starts; those running get up to 5 s to end, and those that do are stored as they
     * ended. The rest are left as RUNNING in the database (the next start marks them INTERRUPTED) rather than
     * recorded as cancelled. This runs on the shutdown event, before any bean is destroyed: as a {@code @PreDestroy}
     * hook it raced the destruction of the engine's timers and of the writer (an execution that ended in the grace
     * period could not be stored, and was INTERRUPTED at the next start), and a scheduled task resolving this bean
     * meanwhile built a second one.
     */
    @EventListener
    void onShutdown(ShutdownEvent event) {
        slots.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.runningCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        events.attach(ExecutionListener.NONE);
        checkpointTimer.shutdownNow();
        try {
            writer.flush();
        } catch (RuntimeException e) {
            LOG.warn("the last execution writes before the stop failed: {}", e.toString());
        }
    }

    public int queueDepth() {
        return slots.waitingCount();
    }
}
