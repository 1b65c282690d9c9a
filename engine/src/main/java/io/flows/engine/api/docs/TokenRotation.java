package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/tokens/{id}/rotate}. */
@Schema(description = "How long the old token keeps working")
public record TokenRotation(
        @Schema(requiredMode = NOT_REQUIRED, description = "a duration; default 24h", example = "30m")
        String gracePeriod) {
}
