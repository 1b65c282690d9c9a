package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The newest execution of a flow, in the list of flows. */
@Schema(description = "The newest execution of a flow")
public record LastExecution(
        String id,
        @Schema(requiredMode = REQUIRED, allowableValues = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"})
        String status,
        @Schema(requiredMode = REQUIRED, description = "null while it is queued") @Nullable String startedAt) {
}
