package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs another flow as a child execution; its output becomes this step's output. */
public final class CallFlowRuntime implements StepRuntime<CallFlow> {

    /**
     * In the details of a failure of nesting too deep: the flows from the one this step is in down to the one that
     * was not called any more. Each level up adds its own flow, so that its message can name the whole chain once.
     */
    static final String CALLS = "calls";

    @Override
    public Class<CallFlow> configType() {
        return CallFlow.class;
    }

    @Override
    public StepAction compile(Step step, CallFlow config, StepCompiler.Nested compiler) {
        int maxDepth = compiler.settings().maxCallDepth();
        return attempt -> {
            if (attempt.execution().depth() >= maxDepth) {
                List<String> calls = List.of(attempt.execution().flowId(), config.flow());
                ObjectNode details = JsonNodeFactory.instance.objectNode();
                details.set(CALLS, strings(calls));
                return CompletableFuture.failedFuture(new StepFailure("SUBFLOW_FAILED", tooDeep(calls, maxDepth), details, false));
            }
            int maxRecursiveCalls = compiler.settings().maxRecursiveCalls();
            if (attempt.execution().inCallChain(config.flow())
                    && !attempt.execution().startRecursiveCall(maxRecursiveCalls)) {
                ObjectNode details = JsonNodeFactory.instance.objectNode().put("maxRecursiveCalls", maxRecursiveCalls);
                return CompletableFuture.failedFuture(new StepFailure("SUBFLOW_FAILED", "flow '" + config.flow()
                        + "' not started: this execution has made " + maxRecursiveCalls + " calls of flows that call"
                        + " themselves already, the most one execution may (more than one such call per run multiplies"
                        + " the executions at every level)", details, false));
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
                    List<String> below = callsBelow(cause, config.flow());
                    if (below != null) {
                        List<String> calls = new ArrayList<>(below.size() + 1);
                        calls.add(attempt.execution().flowId());
                        calls.addAll(below);
                        details.set(CALLS, strings(calls));
                        throw new StepFailure("SUBFLOW_FAILED", tooDeep(calls, maxDepth), details, false);
                    }
                    // the flow this step called comes first, then the chain down to what broke ("flow 'b' failed:
                    // flow 'c' failed: SCRIPT_ERROR: ..."); a flow that calls itself is named once
                    String failed = "flow '" + config.flow() + "' failed";
                    String message = cause == null ? failed
                            : !"SUBFLOW_FAILED".equals(cause.code()) ? failed + ": " + cause.code() + ": " + cause.message()
                            : cause.message().startsWith(failed) ? cause.message()
                            : failed + ": " + cause.message();
                    // a retry policy on this step runs the flow again when what failed it may pass the next time
                    throw new StepFailure("SUBFLOW_FAILED", message, details, child.retryable());
                }
                return child.output();
            });
        };
    }

    /** The chain of calls that went too deep below the child, starting with the child's flow; null for another failure. */
    private static List<String> callsBelow(ErrorInfo cause, String called) {
        if (cause == null || !"SUBFLOW_FAILED".equals(cause.code()) || cause.details() == null
                || !(cause.details().get(CALLS) instanceof ArrayNode calls) || calls.isEmpty()
                || !called.equals(calls.get(0).asText())) {
            return null;
        }
        List<String> flows = new ArrayList<>(calls.size());
        calls.forEach(f -> flows.add(f.asText()));
        return flows;
    }

    /**
     * Says the chain once: where a flow is called again, the cycle it closes ({@code x → y → x}), after the calls
     * that led to it; else the whole chain. The flows repeat it until the depth runs out, which says nothing more.
     */
    static String tooDeep(List<String> calls, int maxDepth) {
        String head = "call-flow nesting is deeper than " + maxDepth + " levels: ";
        for (int again = 1; again < calls.size(); again++) {
            int first = calls.subList(0, again).indexOf(calls.get(again));
            if (first >= 0) {
                List<String> cycle = calls.subList(first, again + 1);
                String lead = first == 0 ? "" : String.join(" → ", calls.subList(0, first + 1)) + ", where ";
                return head + lead + (cycle.size() == 2 ? "flow '" + cycle.get(0) + "' calls itself"
                        : "the flows call each other in a cycle, " + String.join(" → ", cycle));
            }
        }
        return head + String.join(" → ", calls);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
