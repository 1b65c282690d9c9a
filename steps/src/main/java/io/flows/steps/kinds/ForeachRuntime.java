package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.Foreach;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.Attempt;
import io.flows.steps.runtime.ErrorInfo;
import io.flows.steps.runtime.FailedStep;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import io.flows.steps.runtime.StepSequence;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the body once per element, at most {@code parallelism} at a time; the output is the list
 * of results in input order. Once a step in an element has failed for good no new element starts (not waiting for
 * that element to end), and the step fails once those already running have finished. Only the first iterations are
 * traced in full.
 */
public final class ForeachRuntime implements StepRuntime<Foreach> {

    @Override
    public Class<Foreach> configType() {
        return Foreach.class;
    }

    @Override
    public StepAction compile(Step step, Foreach config, StepCompiler.Nested compiler) {
        StepSequence body = compiler.compile(config.steps(), "steps");
        int parallelism = config.parallelism() == null ? 1 : config.parallelism();
        int traced = compiler.settings().maxIterationEntries();
        return attempt -> {
            JsonNode items = attempt.render("items", config.items());
            if (items == null || !items.isArray()) {
                JsonNode source = config.items();
                ObjectNode details = JsonNodeFactory.instance.objectNode().put("expression",
                        source == null ? "" : source.isTextual() ? source.textValue() : source.toString());
                return CompletableFuture.failedFuture(new StepFailure("EXPRESSION_ERROR", "foreach items must be a list, not "
                        + (items == null ? "nothing" : items.getNodeType().toString().toLowerCase()), details, false));
            }
            return new Loop(attempt, body, items, parallelism, traced).start();
        };
    }

    private static final class Loop {
        private final Attempt attempt;
        private final StepSequence body;
        private final JsonNode items;
        private final int parallelism;
        private final int traced;
        private final JsonNode[] results;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Set the moment a step in an element fails for good, long before that element's outcome says so. */
        private volatile boolean elementFailing;
        private final CompletableFuture<JsonNode> done = new CompletableFuture<>();

        Loop(Attempt attempt, StepSequence body, JsonNode items, int parallelism, int traced) {
            this.attempt = attempt;
            this.body = body;
            this.items = items;
            this.parallelism = parallelism;
            this.traced = traced;
            this.results = new JsonNode[items.size()];
        }

        CompletableFuture<JsonNode> start() {
            count(0);
            if (items.isEmpty()) {
                return CompletableFuture.completedFuture(JsonNodeFactory.instance.arrayNode());
            }
            attempt.onAbort(() -> failure.compareAndSet(null, StepFailure.stopped("stopped", null)));
            attempt.failsWithNested(() -> elementFailing = true);
            int first = Math.min(parallelism, items.size());
            for (int i = 0; i < first; i++) {
                if (i < first - 1) {
                    // started on a worker: an element's leading script would hold this thread, and the others
                    attempt.services().workers().execute(this::launchNext);
                } else {
                    launchNext();
                }
            }
            return done;
        }

        private void launchNext() {
            if (elementFailing || failure.get() != null) {
                return;
            }
            int i = next.getAndIncrement();
            if (i >= items.size()) {
                return;
            }
            running.incrementAndGet();
            count(i + 1);
            var scope = attempt.scope().iteration(i);
            CompletableFuture<JsonNode> run = i < traced
                    ? attempt.run(body, items.get(i), scope, i, null)
                    : attempt.runQuietly(body, items.get(i), scope, i);
            run.whenComplete((out, err) -> {
                if (err != null) {
                    failure.compareAndSet(null, atElement(err, i));
                } else {
                    results[i] = out;
                }
                finished.incrementAndGet();
                running.decrementAndGet();
                // a body that completes at once would otherwise recurse one level per element
                attempt.services().workers().execute(() -> {
                    launchNext();
                    finishIfIdle();
                });
            });
        }

        /**
         * What the trace entry says: the list's size ({@code items}), the iterations started so far ({@code iterations};
         * after a failure no more start) and how many of those are traced in full. Only ever grows.
         */
        private synchronized void count(int started) {
            JsonNode now = attempt.trace().extra();
            if (now != null && now.path("iterations").asInt() >= started) {
                return;
            }
            attempt.trace().extra(JsonNodeFactory.instance.objectNode().put("items", items.size())
                    .put("iterations", started).put("tracedIterations", Math.min(started, traced)));
        }

        /**
         * The failure as seen outside this foreach, which only the trace told: its details say which element failed,
         * {@code index} here and {@code indexes} through nested foreach steps, outermost first.
         */
        private static Throwable atElement(Throwable err, int i) {
            Throwable cause = StepFailure.cause(err);
            if (!(cause instanceof FailedStep failed)
                    || (failed.error().details() != null && !failed.error().details().isObject())) {
                return err;
            }
            ErrorInfo e = failed.error();
            ObjectNode details = e.details() == null ? JsonNodeFactory.instance.objectNode() : e.details().deepCopy();
            ArrayNode indexes = JsonNodeFactory.instance.arrayNode().add(i);
            if (details.get("indexes") instanceof ArrayNode inner) {
                indexes.addAll(inner);
            }
            details.put("index", i).set("indexes", indexes);
            return new FailedStep(new ErrorInfo(e.code(), e.message(), e.stepId(), details), failed.retryable(),
                    failed.stopped());
        }

        private void finishIfIdle() {
            if (running.get() > 0 || done.isDone()) {
                return;
            }
            Throwable f = failure.get();
            if (f != null) {
                done.completeExceptionally(f);
            } else if (finished.get() == items.size()) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode r : results) {
                    out.add(r);
                }
                done.complete(out);
            }
        }
    }
}
