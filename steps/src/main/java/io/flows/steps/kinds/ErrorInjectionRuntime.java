package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.ErrorInjection;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.Attempt;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulates a misbehaving partner. Calls are counted per compiled step, that is per flow version
 * and step on this node, attempts included; with a seed, call N fires or not the same way on
 * every run.
 */
public final class ErrorInjectionRuntime implements StepRuntime<ErrorInjection> {

    @Override
    public Class<ErrorInjection> configType() {
        return ErrorInjection.class;
    }

    @Override
    public Duration defaultTimeout(ErrorInjection config, RuntimeSettings settings) {
        return config.mode() == ErrorInjection.Mode.TIMEOUT ? settings.connectorTimeout() : null;
    }

    /** A fired timeout fault ends the attempt itself: its STEP_TIMEOUT then says it was injected wherever it goes. */
    @Override
    public boolean keepsOwnDeadline(ErrorInjection config) {
        return config.mode() == ErrorInjection.Mode.TIMEOUT;
    }

    @Override
    public StepAction compile(Step step, ErrorInjection config, StepCompiler.Nested compiler) {
        AtomicLong calls = new AtomicLong();
        Duration timeout = step.timeout() != null ? step.timeout().value() : compiler.settings().connectorTimeout();
        return attempt -> {
            long call = calls.incrementAndGet();
            boolean fires = fires(config, call);
            long latency = fires && config.mode() == ErrorInjection.Mode.LATENCY ? latencyMillis(config, call) : 0;
            // the trace says which call this was and whether it fired: a latency or a canned answer looks like a
            // healthy partner's otherwise, and a timeout like a real one
            ObjectNode injection = JsonNodeFactory.instance.objectNode().put("call", call).put("fired", fires);
            if (fires && config.mode() == ErrorInjection.Mode.LATENCY) {
                injection.put("latencyMs", latency);
            }
            attempt.trace().extra(JsonNodeFactory.instance.objectNode().set("injection", injection));
            if (!fires) {
                return CompletableFuture.completedFuture(attempt.input());
            }
            return switch (config.mode()) {
                case FAIL -> CompletableFuture.failedFuture(failure(config, call));
                case LATENCY -> DelayRuntime.after(attempt, latency, attempt.input());
                case TIMEOUT -> timedOut(attempt, step, timeout, call);
                case RESPOND -> CompletableFuture.completedFuture(attempt.render("response", config.response()));
            };
        };
    }

    static boolean fires(ErrorInjection config, long call) {
        if (config.every() != null) {
            return call % config.every() == 0;
        }
        if (config.probability() != null) {
            double roll = config.seed() == null
                    ? ThreadLocalRandom.current().nextDouble()
                    : new SplittableRandom(config.seed() * 31 + call).nextDouble();
            return roll < config.probability();
        }
        return true;
    }

    private static StepFailure failure(ErrorInjection config, long call) {
        ErrorInjection.InjectedError e = config.error();
        String code = e == null || e.code() == null ? "INJECTED" : e.code();
        String message = e == null || e.message() == null ? "injected failure" : e.message();
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("injected", true).put("call", call);
        if (e != null && e.httpStatus() != null) {
            details.put("status", e.httpStatus());
        }
        return new StepFailure(code, message, details, true);
    }

    /** Never answers; at the step's timeout, fails as the step's timer would, saying that it was injected. */
    private static CompletableFuture<JsonNode> timedOut(Attempt attempt, Step step, Duration timeout, long call) {
        StepFailure failure = new StepFailure("STEP_TIMEOUT", "step '" + step.id() + "' did not finish within "
                + DurationText.format(timeout) + " (an injected timeout)",
                JsonNodeFactory.instance.objectNode().put("injected", true).put("call", call), true);
        return DelayRuntime.after(attempt, timeout.toMillis(), null)
                .thenCompose(none -> CompletableFuture.failedFuture(failure));
    }

    /** With a seed, call N waits the same time on every run, like it fires the same way. */
    private static long latencyMillis(ErrorInjection config, long call) {
        long min = config.latency().min().toMillis();
        long max = config.latency().max() == null ? min : config.latency().max().toMillis();
        if (max <= min) {
            return min;
        }
        return config.seed() == null
                ? ThreadLocalRandom.current().nextLong(min, max + 1)
                : new SplittableRandom(config.seed() * 31 + call + 7).nextLong(min, max + 1);
    }
}
