package io.flows.engine.runtime;

import io.flows.steps.runtime.ExecutionContext;
import java.util.concurrent.CompletableFuture;

/** A started execution: its id, its live state, and its record once it ends. */
public record Execution(String id, ExecutionContext context, CompletableFuture<ExecutionRecord> done) {
}
