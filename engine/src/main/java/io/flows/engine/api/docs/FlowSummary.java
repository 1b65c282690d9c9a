package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A flow in {@code GET /api/flows} ({@code FlowsController.summary}). */
@Schema(description = "A flow in the list, with its last execution")
public record FlowSummary(
        String id,
        @Schema(requiredMode = REQUIRED, description = "null when the document has none") @Nullable String name,
        @Schema(requiredMode = REQUIRED, description = "null when the document has none") @Nullable String description,
        @Schema(requiredMode = REQUIRED, description = "the latest version") int version,
        @Schema(requiredMode = REQUIRED, description = "false: its triggers start nothing") boolean enabled,
        FlowTriggerType trigger,
        String updatedAt,
        @Schema(requiredMode = REQUIRED, description = "null when it never ran") @Nullable LastExecution lastExecution) {
}
