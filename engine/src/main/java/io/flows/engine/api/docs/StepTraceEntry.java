package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One attempt of one step ({@code ExecutionJson.step}). */
@Schema(description = "One attempt of one step")
public record StepTraceEntry(
        String stepId,
        @Schema(requiredMode = REQUIRED, example = "transform") String kind,
        @Schema(requiredMode = REQUIRED, description = "where the step sits in the document",
                example = "steps[2].when[0].steps[0]") String path,
        @Schema(requiredMode = NOT_REQUIRED, description = "inside a foreach: the element of the innermost one")
        Integer index,
        @Schema(requiredMode = NOT_REQUIRED, description = "inside a foreach: the elements of every foreach around "
                + "it, outermost first") List<Integer> indexes,
        @Schema(requiredMode = NOT_REQUIRED, description = "inside a parallel step: the branch") String branch,
        @Schema(requiredMode = REQUIRED, allowableValues = {"RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"})
        String status,
        @Schema(requiredMode = REQUIRED, description = "1 for the first try; a retried step has one entry per attempt")
        int attempt,
        String startedAt,
        @Schema(requiredMode = REQUIRED, description = "null while it runs") @Nullable Long durationMs,
        @Schema(requiredMode = REQUIRED, type = "object", description = "any JSON value; a value over "
                + "flows.max-step-payload-bytes is recorded cut short") @Nullable Object input,
        @Schema(requiredMode = REQUIRED, type = "object", description = "any JSON value; null while it runs")
        @Nullable Object output,
        @Schema(requiredMode = REQUIRED, description = "null unless it failed") @Nullable ExecutionError error,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "connector steps: the request sent, "
                + "secrets masked") Object request,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "connector steps: the answer received")
        Object response,
        @Schema(requiredMode = NOT_REQUIRED, description = "scripts: what they logged") List<String> logs,
        @Schema(requiredMode = NOT_REQUIRED, description = "call-flow: the execution it started")
        String childExecutionId,
        @Schema(requiredMode = NOT_REQUIRED, description = "foreach: the number of elements") Integer items,
        @Schema(requiredMode = NOT_REQUIRED, description = "foreach: the iterations started so far")
        Integer iterations,
        @Schema(requiredMode = NOT_REQUIRED, description = "foreach: how many of those are traced in full")
        Integer tracedIterations,
        @Schema(requiredMode = NOT_REQUIRED, description = "error-injection: which call of the step this attempt was,"
                + " whether the fault fired, and the wait a latency fault chose") StepInjection injection) {
}
