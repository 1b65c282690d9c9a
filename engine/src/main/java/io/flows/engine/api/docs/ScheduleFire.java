package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** One recorded tick of a schedule. */
@Schema(description = "A tick of a schedule")
public record ScheduleFire(
        String fireTime,
        @Schema(requiredMode = REQUIRED, allowableValues = {"FIRED", "MISSED", "CATCH_UP"}) String status,
        @Schema(requiredMode = NOT_REQUIRED, description = "the execution it started, if any") String executionId,
        @Schema(requiredMode = NOT_REQUIRED, description = "how many ticks it stands for, when more than one")
        Long ticks) {
}
