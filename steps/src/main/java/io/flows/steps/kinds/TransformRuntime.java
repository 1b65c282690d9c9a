package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.kinds.Transform;
import io.flows.dsl.model.Step;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import io.flows.steps.script.ScriptResult;
import java.util.concurrent.CompletableFuture;

/** Runs a transform's script in the sandbox, or renders its {@code set:} mapping. */
public final class TransformRuntime implements StepRuntime<Transform> {

    @Override
    public Class<Transform> configType() {
        return Transform.class;
    }

    @Override
    public StepAction compile(Step step, Transform config, StepCompiler.Nested compiler) {
        if (config.script() != null) {
            String script = config.script();
            return attempt -> {
                ScriptResult result = attempt.runScript(script);
                attempt.trace().logs(result.logs());
                return CompletableFuture.completedFuture(result.output());
            };
        }
        JsonNode mapping = Json.tree(config.set());
        return attempt -> CompletableFuture.completedFuture(attempt.render("set", mapping));
    }
}
