package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An execution with its step trace, as {@code ExecutionJson} (live) and {@code ExecutionViews} (stored) write it. */
@Schema(description = "An execution with its step trace: the answer of a read, a cancel and a start with wait=true")
public record Execution(
        String id,
        String flowId,
        int flowVersion,
        @Schema(requiredMode = REQUIRED, allowableValues = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"})
        String status,
        ExecutionTrigger trigger,
        @Schema(requiredMode = REQUIRED, type = "object", description = "the flow's output, any JSON value; null until "
                + "it ends, and when it failed or was cancelled") @Nullable Object output,
        @Schema(requiredMode = REQUIRED, description = "null unless it failed or was cancelled")
        @Nullable ExecutionError error,
        @Schema(requiredMode = REQUIRED, description = "when it was accepted (stored as QUEUED)") String queuedAt,
        @Schema(requiredMode = REQUIRED, description = "null while it is queued") @Nullable String startedAt,
        @Schema(requiredMode = REQUIRED, description = "null until it ends") @Nullable String finishedAt,
        @Schema(requiredMode = REQUIRED, description = "milliseconds from start to end; null until it ends")
        @Nullable Long durationMs,
        @Schema(requiredMode = NOT_REQUIRED, description = "only on the child of a call-flow step: the execution "
                + "that called it") String parentExecutionId,
        @Schema(requiredMode = REQUIRED, description = "one entry per step attempt, in the order they started")
        List<StepTraceEntry> steps) {
}
