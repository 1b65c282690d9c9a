package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.kinds.Delay;
import io.flows.dsl.model.Step;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Waits on a timer, holding no thread; the input passes through. */
public final class DelayRuntime implements StepRuntime<Delay> {

    @Override
    public Class<Delay> configType() {
        return Delay.class;
    }

    @Override
    public StepAction compile(Step step, Delay config, StepCompiler.Nested compiler) {
        long fixed = config.duration() == null ? -1 : config.duration().toMillis();
        long min = config.min() == null ? 0 : config.min().toMillis();
        long max = config.max() == null ? min : config.max().toMillis();
        return attempt -> {
            long wait = fixed >= 0 ? fixed : ThreadLocalRandom.current().nextLong(min, max + 1);
            return after(attempt, wait, attempt.input());
        };
    }

    /** Completes with {@code value} after {@code millis} on the shared timer. */
    static CompletableFuture<JsonNode> after(io.flows.steps.runtime.Attempt attempt, long millis, JsonNode value) {
        CompletableFuture<JsonNode> done = new CompletableFuture<>();
        var timer = attempt.services().timers().schedule(() -> done.complete(value), millis, TimeUnit.MILLISECONDS);
        attempt.onAbort(() -> timer.cancel(false));
        return done;
    }
}
