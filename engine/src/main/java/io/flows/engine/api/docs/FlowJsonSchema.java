package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code GET /api/schema/flow}: the top of a JSON Schema document. */
@Schema(description = "The JSON Schema (draft 2020-12) of a flow document")
public record FlowJsonSchema(
        @JsonProperty("$schema") @Schema(requiredMode = REQUIRED, example = "https://json-schema.org/draft/2020-12/schema")
        String schema,
        @JsonProperty("$id") String id,
        String title,
        @Schema(requiredMode = REQUIRED, example = "object") String type,
        @Schema(requiredMode = REQUIRED, type = "object", description = "the schema of each top-level field")
        Object properties,
        List<String> required,
        boolean additionalProperties,
        @JsonProperty("$defs") @Schema(requiredMode = REQUIRED, type = "object",
                description = "the schemas the others refer to (triggers, step kinds, ...)") Object defs) {
}
