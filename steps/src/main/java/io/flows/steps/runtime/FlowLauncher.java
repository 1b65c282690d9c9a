package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** Runs another flow for a {@code call-flow} step; the engine provides it. */
public interface FlowLauncher {

    /**
     * Starts the latest version of {@code flowId} with {@code input} as its trigger body; its {@code done}
     * completes when it ends (successfully or not).
     */
    Started start(String flowId, JsonNode input, ExecutionContext parent);

    /**
     * A child execution as started: its id (null when it could not start, then {@code done} has failed), its
     * end, and a way to cancel it (when the calling step times out or is cancelled).
     */
    record Started(String executionId, CompletableFuture<ChildRun> done, Runnable cancel) {
    }

    /** A finished child execution; {@code retryable}: whether the step failure that ended it may pass if run again. */
    record ChildRun(String executionId, boolean succeeded, JsonNode output, ErrorInfo error, boolean retryable) {
    }
}
