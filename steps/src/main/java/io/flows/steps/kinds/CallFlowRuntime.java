package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.CallFlow;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.ErrorInfo;
import io.flows.steps.runtime.FlowLauncher;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import java.util.concurrent.CompletableFuture;

/** Runs another flow as a child execution; its output becomes this step's output. */
public final class CallFlowRuntime implements StepRuntime<CallFlow> {

    @Override
    public Class<CallFlow> configType() {
        return CallFlow.class;
    }

    @Override
    public StepAction compile(Step step, CallFlow config, StepCompiler.Nested compiler) {
        int maxDepth = compiler.settings().maxCallDepth();
        return attempt -> {
            if (attempt.execution().depth() >= maxDepth) {
                return CompletableFuture.failedFuture(StepFailure.permanent("SUBFLOW_FAILED",
                        "call-flow nesting is deeper than " + maxDepth + " levels (does '" + config.flow() + "' call itself?)"));
            }
            JsonNode input = config.input() == null ? attempt.input() : attempt.render("input", config.input());
            FlowLauncher.Started started = attempt.services().launcher().start(config.flow(), input, attempt.execution());
            if (started.executionId() != null) {
                // known while the child runs, so that a parent stopped early still points at its child
                attempt.trace().childExecutionId(started.executionId());
            }
            // the parent's step timing out or being cancelled cancels the child too, instead of leaving it running
            attempt.onAbort(started.cancel());
            return started.done().thenApply(child -> {
                if (!child.succeeded()) {
                    ObjectNode details = JsonNodeFactory.instance.objectNode();
                    details.put("childExecutionId", child.executionId());
                    if (child.error() != null) {
                        details.set("error", child.error().toJson());
                    }
                    ErrorInfo cause = child.error();
                    // the flow this step called comes first, then the chain down to what broke ("flow 'b' failed:
                    // flow 'c' failed: SCRIPT_ERROR: ..."); a flow that calls itself is named once
                    String failed = "flow '" + config.flow() + "' failed";
                    String message = cause == null ? failed
                            : !"SUBFLOW_FAILED".equals(cause.code()) ? failed + ": " + cause.code() + ": " + cause.message()
                            : cause.message().startsWith(failed) ? cause.message()
                            : failed + ": " + cause.message();
                    throw new StepFailure("SUBFLOW_FAILED", message, details, false);
                }
                return child.output();
            });
        };
    }
}
