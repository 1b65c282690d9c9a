package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** One entry of {@code GET /api/steps}. */
@Schema(description = "A step kind, with the JSON Schema of its fields")
public record StepKindInfo(
        @Schema(requiredMode = REQUIRED, example = "transform") String kind,
        String title,
        String description,
        String category,
        @Schema(requiredMode = REQUIRED, type = "object", description = "a JSON Schema") Object schema) {
}
