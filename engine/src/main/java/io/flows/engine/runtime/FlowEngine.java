package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.steps.StepFailure;
import io.flows.steps.http.HttpConnector;
import io.flows.steps.http.ResponseMemory;
import io.flows.steps.kinds.CamelEndpointPolicy;
import io.flows.steps.runtime.Bindings;
import io.flows.steps.runtime.ConnectionSource;
import io.flows.steps.runtime.ErrorInfo;
import io.flows.steps.runtime.ExecutionContext;
import io.flows.steps.runtime.FailedStep;
import io.flows.steps.runtime.FlowLauncher;
import io.flows.steps.runtime.Scope;
import io.flows.steps.runtime.SecretSource;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntimes;
import io.flows.steps.runtime.StepSequence;
import io.flows.steps.runtime.StepServices;
import io.flows.steps.script.ScriptEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs flows on Apache Camel. Each flow version is compiled once into a route
 * ({@code direct:flows.<id>.v<version>}) whose processors are the steps; executions are
 * exchanges sent to that route. Routes of versions that no longer run are removed.
 */
public final class FlowEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowEngine.class);

    private final EngineSettings settings;
    private final FlowCatalog catalog;
    private final Clock clock;
    private final ExecutionListener listener;
    private final CamelContext camel;
    private final ScriptEngine scripts;
    private final HttpConnector http;
    /**
     * At most this many threads are added while every worker is stuck (each stuck script ends at its deadline), and as
     * many script contexts, so that each added thread can run a script while runaway ones hold the pooled contexts.
     */
    private static final int EXTRA_WORKERS = 32;
    private static final Duration STUCK_CHECK_INTERVAL = Duration.ofMillis(100);
    /** Far above any ordinary step's work (well under a millisecond warm), far below a script's CPU deadline. */
    private static final Duration STUCK_AFTER = Duration.ofMillis(250);

    private final WorkerPool workerPool;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private static final int ENDPOINT_CALL_THREADS = 64;
    private final ExecutorService endpointCalls;
    private final StepServices services;
    private final StepCompiler compiler;
    private final Map<String, CompiledFlow> compiled = new ConcurrentHashMap<>();
    private final Map<String, Execution> running = new ConcurrentHashMap<>();
    /** Set by {@link #close()}: executions it cuts short are not cancellations anyone asked for. */
    private volatile boolean closing;

    public FlowEngine(EngineSettings settings, FlowCatalog catalog, Clock clock, ExecutionListener listener) {
        this(settings, catalog, clock, listener, SecretSource.NONE, ConnectionSource.NONE);
    }

    public FlowEngine(EngineSettings settings, FlowCatalog catalog, Clock clock, ExecutionListener listener,
                      SecretSource secrets, ConnectionSource connections) {
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
        this.listener = listener == null ? ExecutionListener.NONE : listener;
        this.camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("flows");
        camel.start();
        // Plain JDK pools with unbounded queues: every waiting delay, timeout and retry back-off is
        // one timer task, and every continuation one worker task; a rejected task (or one run on
        // the caller's stack) would lose an execution or overflow the stack. Camel's pools cap
        // their queues and run rejected tasks on the caller.
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(2, named("flows-timer"));
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
        this.workerPool = new WorkerPool(settings.workers(), EXTRA_WORKERS, named("flows-worker"), timers,
                STUCK_CHECK_INTERVAL, STUCK_AFTER);
        this.workers = workerPool.executor();
        this.scripts = new ScriptEngine(settings.scripts(), EXTRA_WORKERS);
        this.http = new HttpConnector(settings.http(), workers, new ResponseMemory(settings.responseMemory()));
        this.endpointCalls = endpointCallPool();
        this.services = new StepServices(camel, scripts, http, workers, timers, endpointCalls, clock, new Launcher(),
                settings.runtime(), secrets, connections);
        this.compiler = new StepCompiler(camel, StepRuntimes.standard(), settings.runtime());
    }

    public ScriptEngine scripts() {
        return scripts;
    }

    /** Room the partners' answers take on this node (for its metrics). */
    public ResponseMemory responseMemory() {
        return http.memory();
    }

    /** The policy this engine's {@code uri:} calls obey, for validation to warn by. */
    public CamelEndpointPolicy endpointPolicy() {
        return new CamelEndpointPolicy(settings.runtime().allowedComponents());
    }

    public CamelContext camel() {
        return camel;
    }

    /** Compiles {@code version} into its route, or returns the route already compiled. */
    /** Compiles a version's route ahead of its first execution (compiling is otherwise done on first use). */
    public void prepare(FlowVersion version) {
        compile(version);
    }

    CompiledFlow compile(FlowVersion version) {
        return compiled.computeIfAbsent(key(version.flowId(), version.version()), k -> build(version));
    }

    private CompiledFlow build(FlowVersion version) {
        var steps = compiler.compile(version.flow());
        String routeId = "flow:" + version.flowId() + ":v" + version.version();
        String uri = "direct:" + CamelEndpointPolicy.FLOW_ROUTES + version.flowId() + ".v" + version.version();
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    // Camel refuses a route without processors; a flow without steps passes its input through
                    from(uri).routeId(routeId).process(steps.isEmpty() ? exchange -> { } : steps.processor());
                }
            });
            Endpoint endpoint = camel.getEndpoint(uri);
            AsyncProducer producer = endpoint.createAsyncProducer();
            ServiceHelper.startService(producer);
            return new CompiledFlow(version, routeId, endpoint, producer, io.flows.dsl.model.StepTree.ids(version.flow()));
        } catch (Exception e) {
            throw new IllegalStateException("could not build the route of " + routeId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Retires one version: no new execution starts on its route, and the route is removed once the
     * executions still running on it have ended (they are never cut short).
     */
    public void retire(String flowId, int version) {
        CompiledFlow c = compiled.remove(key(flowId, version));
        if (c != null && c.retire()) {
            removeRoute(c);
        }
    }

    private void removeRoute(CompiledFlow c) {
        ServiceHelper.stopService(c.producer());
        try {
            camel.getRouteController().stopRoute(c.routeId());
            camel.removeRoute(c.routeId());
        } catch (Exception e) {
            LOG.warn("could not remove route {}: {}", c.routeId(), e.getMessage());
        }
    }

    /** Removes the routes of every version of {@code flowId} but {@code keep} (0 keeps none). */
    public void retireAllBut(String flowId, int keep) {
        for (CompiledFlow c : List.copyOf(compiled.values())) {
            if (c.version().flowId().equals(flowId) && c.version().version() != keep) {
                retire(flowId, c.version().version());
            }
        }
    }

    /** Ids of the routes present in Camel now. */
    public List<String> routeIds() {
        return camel.getRoutes().stream().map(org.apache.camel.Route::getRouteId).sorted().toList();
    }

    /**
     * Starts an execution of {@code version}.
     *
     * @param trigger {@code {type, body, headers, query}} of what started it
     * @param vars    overrides of the flow's {@code vars}
     */
    public Execution start(FlowVersion version, ObjectNode trigger, Map<String, JsonNode> vars) {
        return start(version, trigger, vars, Ids.next(clock), 0, null);
    }

    public Execution start(FlowVersion version, ObjectNode trigger, Map<String, JsonNode> vars, String id) {
        return start(version, trigger, vars, id, 0, null);
    }

    private Execution start(FlowVersion version, ObjectNode trigger, Map<String, JsonNode> vars, String id,
                            int depth, String parentId) {
        return start(version, trigger, vars, id, depth, parentId, null);
    }

    private Execution start(FlowVersion version, ObjectNode trigger, Map<String, JsonNode> vars, String id,
                            int depth, String parentId, ExecutionContext caller) {
        CompiledFlow flow = compile(version);
        ObjectNode allVars = JsonNodeFactory.instance.objectNode();
        version.flow().vars().forEach(allVars::set);
        if (vars != null) {
            vars.forEach(allVars::set);
        }
        Instant startedAt = clock.instant();
        ExecutionContext ctx = new ExecutionContext(id, version.flowId(), version.version(), startedAt, trigger,
                allVars, vars, services, depth, parentId, listener);
        if (caller != null) {
            ctx.calledBy(caller);
        }
        CompletableFuture<ExecutionRecord> done = new CompletableFuture<>();
        Execution execution = new Execution(id, ctx, done);
        running.put(id, execution);
        listener.executionStarted(record(ctx, ExecutionStatus.RUNNING, null, null, null));
        Scope scope = Scope.root(flow.stepIds());
        Exchange exchange = flow.endpoint().createExchange();
        StepSequence.prepareTopLevel(exchange, ctx, scope);
        flow.started();
        // the end waits for the attempts a cancel or timeout stopped but that have not settled yet: every entry the
        // final write stores has ended, and none starts after it
        workers.execute(() -> flow.producer().process(exchange, doneSync -> ctx.close(() -> {
            finish(version, ctx, scope, exchange, done);
            if (flow.ended()) {
                removeRoute(flow);
            }
        })));
        return execution;
    }

    private void finish(FlowVersion version, ExecutionContext ctx, Scope scope, Exchange exchange,
                        CompletableFuture<ExecutionRecord> done) {
        ExecutionRecord result;
        try {
            result = outcome(version, ctx, scope, exchange);
        } catch (RuntimeException e) {
            result = record(ctx, ExecutionStatus.FAILED, null,
                    new ErrorInfo("INTERNAL_ERROR", String.valueOf(e), null, null), clock.instant());
        }
        running.remove(ctx.id());
        if (closing && result.status() == ExecutionStatus.CANCELLED) {
            // the service keeps such an execution RUNNING in its store and marks it INTERRUPTED at the next start
            LOG.info("execution {} of {} v{} unfinished at the stop after {} ms", ctx.id(), ctx.flowId(),
                    ctx.flowVersion(), result.durationMs());
        } else {
            LOG.info("execution {} of {} v{} {} in {} ms", ctx.id(), ctx.flowId(), ctx.flowVersion(), result.status(),
                    result.durationMs());
        }
        try {
            listener.executionFinished(result);
        } catch (RuntimeException e) {
            LOG.error("execution {} ended {} but a listener failed on it: {}", ctx.id(), result.status(), e.toString());
        } finally {
            ctx.releaseAnswers(); // its outcome is stored: the partners' answers it kept may go
            done.complete(result); // whoever waits for the end (a call-flow parent, a caller) is never left waiting
        }
    }

    private ExecutionRecord outcome(FlowVersion version, ExecutionContext ctx, Scope scope, Exchange exchange) {
        Exception failure = exchange.getException();
        if (ctx.traceFailure() != null) {
            // before a cancel too: what is stored of this execution is incomplete, and this says why
            return record(ctx, ExecutionStatus.FAILED, null, ctx.traceFailure(), clock.instant());
        }
        if (ctx.cancelled()) {
            return record(ctx, ExecutionStatus.CANCELLED, null,
                    new ErrorInfo("CANCELLED", "the execution was cancelled", ctx.cancelledStepId(), null), clock.instant());
        }
        if (failure instanceof FailedStep f) {
            return record(ctx, ExecutionStatus.FAILED, null, f.error(), clock.instant(), f.retryable());
        }
        if (failure != null) {
            return record(ctx, ExecutionStatus.FAILED, null,
                    new ErrorInfo("INTERNAL_ERROR", String.valueOf(failure), null, null), clock.instant());
        }
        JsonNode last = exchange.getMessage().getBody(JsonNode.class);
        JsonNode outputTemplate = version.flow().output();
        if (outputTemplate == null) {
            return record(ctx, ExecutionStatus.SUCCEEDED, last, null, clock.instant());
        }
        try {
            JsonNode output = StepFailure.bounded(() -> "the value",
                    scripts.render("output", outputTemplate, Bindings.of(ctx, scope, last), null));
            return record(ctx, ExecutionStatus.SUCCEEDED, output, null, clock.instant());
        } catch (StepFailure e) {
            return record(ctx, ExecutionStatus.FAILED, null,
                    new ErrorInfo(e.code(), "flow output: " + e.getMessage(), null, e.details()), clock.instant());
        }
    }

    private ExecutionRecord record(ExecutionContext ctx, ExecutionStatus status, JsonNode output, ErrorInfo error,
                                   Instant finishedAt) {
        return record(ctx, status, output, error, finishedAt, false);
    }

    private ExecutionRecord record(ExecutionContext ctx, ExecutionStatus status, JsonNode output, ErrorInfo error,
                                   Instant finishedAt, boolean retryable) {
        return new ExecutionRecord(ctx.id(), ctx.flowId(), ctx.flowVersion(), status, ctx.trigger(), output, error,
                ctx.startedAt(), finishedAt, ctx.parentExecutionId(), ctx.trace(), retryable);
    }

    public Optional<Execution> running(String id) {
        return Optional.ofNullable(running.get(id));
    }

    /** A running execution as it stands now (status RUNNING, the steps so far). */
    public Optional<ExecutionRecord> snapshot(String id) {
        Execution e = running.get(id);
        return e == null ? Optional.empty() : Optional.of(record(e.context(), ExecutionStatus.RUNNING, null, null, null));
    }

    /** Whether the execution runs here now. */
    public boolean runs(String id) {
        return running.containsKey(id);
    }

    /** Cancels a running execution; false if it is not running here. */
    public boolean cancel(String id) {
        Execution e = running.get(id);
        if (e == null) {
            return false;
        }
        e.context().cancel();
        return true;
    }

    public int runningCount() {
        return running.size();
    }

    public static ObjectNode manualTrigger(JsonNode body) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("type", "manual");
        t.set("body", body == null || body.isMissingNode() ? JsonNodeFactory.instance.objectNode() : body);
        t.putObject("headers");
        t.putObject("query");
        return t;
    }

    /**
     * Threads for {@code uri:} calls, which may block: at most {@value #ENDPOINT_CALL_THREADS}, so that many blocking
     * calls at once cannot take the process's threads; calls beyond them wait their turn, their steps' deadlines
     * still holding. Idle threads end after 30 s.
     */
    private static ExecutorService endpointCallPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(ENDPOINT_CALL_THREADS, ENDPOINT_CALL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("flows-endpoint-call"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String key(String flowId, int version) {
        return flowId + ":" + version;
    }

    /** Runs a call-flow step's child: the latest version of the named flow. */
    private final class Launcher implements FlowLauncher {
        @Override
        public Started start(String flowId, JsonNode input, ExecutionContext parent) {
            Optional<FlowVersion> child = catalog.latest(flowId);
            if (child.isEmpty()) {
                return new Started(null, CompletableFuture.failedFuture(StepFailure.permanent("SUBFLOW_FAILED",
                        "flow '" + flowId + "' does not exist")), () -> { });
            }
            if (!catalog.enabled(flowId)) {
                return new Started(null, CompletableFuture.failedFuture(StepFailure.permanent("SUBFLOW_FAILED",
                        "flow '" + flowId + "' is disabled; enable it to call it")), () -> { });
            }
            ObjectNode trigger = JsonNodeFactory.instance.objectNode();
            trigger.put("type", "call-flow");
            trigger.set("body", input);
            trigger.putObject("headers");
            trigger.putObject("query");
            Execution e = FlowEngine.this.start(child.get(), trigger, parent.varOverrides(), Ids.next(clock),
                    parent.depth() + 1, parent.id(), parent);
            return new Started(e.id(), e.done().thenApply(r -> new ChildRun(r.id(), r.status() == ExecutionStatus.SUCCEEDED,
                    r.output(), r.error(), r.retryable())), () -> e.context().cancel());
        }
    }

    @Override
    public void close() {
        closing = true;
        running.values().forEach(e -> e.context().cancel());
        try {
            camel.close();
        } catch (Exception e) {
            LOG.warn("closing Camel: {}", e.getMessage());
        }
        http.close();
        scripts.close();
        timers.shutdownNow();
        endpointCalls.shutdownNow();
        workerPool.shutdown();
    }
}
