package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** Runs another flow for a {@code call-flow} step; the engine provides it. */
public interface FlowLauncher {

    /**
     * Starts the latest version of {@code flowId} with {@code input} as its trigger body and
     * completes when it ends (successfully or not).
     */
    CompletableFuture<ChildRun> run(String flowId, JsonNode input, ExecutionContext parent);

    /** A finished child execution. */
    record ChildRun(String executionId, boolean succeeded, JsonNode output, ErrorInfo error) {
    }
}
