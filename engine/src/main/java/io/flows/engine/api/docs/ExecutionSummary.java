package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** An execution in a list ({@code ExecutionViews.summary}): no trigger, output or steps. */
@Schema(description = "An execution in a list: without trigger, output and steps")
public record ExecutionSummary(
        String id,
        String flowId,
        int flowVersion,
        @Schema(requiredMode = REQUIRED, allowableValues = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"})
        String status,
        String queuedAt,
        @Schema(requiredMode = REQUIRED, description = "null while it is queued") @Nullable String startedAt,
        @Schema(requiredMode = REQUIRED, description = "null until it ends") @Nullable String finishedAt,
        @Schema(requiredMode = REQUIRED, description = "null until it ends") @Nullable Long durationMs,
        @Schema(requiredMode = NOT_REQUIRED, description = "only on the child of a call-flow step")
        String parentExecutionId,
        @Schema(requiredMode = REQUIRED, description = "null unless it failed or was cancelled")
        @Nullable ExecutionError error) {
}
