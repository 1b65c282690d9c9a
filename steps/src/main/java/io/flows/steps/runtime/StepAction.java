package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * The work of one step, compiled once per flow version: runs one attempt and completes with the
 * step's output, or exceptionally with a {@link io.flows.steps.StepFailure} (or a
 * {@link FailedStep} from a nested step). Must not block on I/O or timers.
 */
@FunctionalInterface
public interface StepAction {

    CompletableFuture<JsonNode> run(Attempt attempt);
}
