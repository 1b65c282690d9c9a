package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.kinds.Try;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.FailedStep;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import io.flows.steps.runtime.StepSequence;
import java.util.concurrent.CompletableFuture;

/** Runs steps; when one fails for good, runs the catch steps with {@code error} in scope. */
public final class TryRuntime implements StepRuntime<Try> {

    @Override
    public Class<Try> configType() {
        return Try.class;
    }

    @Override
    public StepAction compile(Step step, Try config, StepCompiler.Nested compiler) {
        StepSequence body = compiler.compile(config.steps(), "steps");
        StepSequence handler = compiler.compile(config.catchSteps(), "catch");
        return attempt -> attempt.run(body, attempt.input(), attempt.scope(), null, null)
                .handle((out, err) -> {
                    if (err == null) {
                        return CompletableFuture.completedFuture(out);
                    }
                    Throwable cause = StepFailure.cause(err);
                    // a stop from outside is no failure of the body's: told by how it was made, not by its code
                    if (!(cause instanceof FailedStep failed) || failed.stopped() || attempt.execution().cancelled()) {
                        return CompletableFuture.<JsonNode>failedFuture(cause);
                    }
                    // the body's failure is caught; one of the catch steps' is not
                    attempt.failsWithNested();
                    return attempt.run(handler, attempt.input(), attempt.scope().withError(failed.error().toJson()), null, null);
                })
                .thenCompose(f -> f);
    }
}
