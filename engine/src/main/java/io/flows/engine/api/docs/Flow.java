package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A flow version as JSON ({@code GET /api/flows/{id}}): the document as saved, with the server's fields. The fields
 * of the document are those of {@code GET /api/schema/flow}, which says what each holds.
 */
@Schema(description = "A flow version: the document as saved, plus version, createdAt and updatedAt; "
        + "GET /api/schema/flow is its JSON Schema")
public record Flow(
        String id,
        @Schema(requiredMode = NOT_REQUIRED) String name,
        @Schema(requiredMode = NOT_REQUIRED) String description,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "the flow's variables") Object vars,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "what starts it: {type: manual | "
                + "webhook | schedule, and that type's fields}; absent means manual") Object trigger,
        @Schema(requiredMode = REQUIRED, description = "the steps: {id, type, and that kind's fields} each "
                + "(GET /api/steps has the schema of every kind)") List<Object> steps,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "what the flow answers: an object of "
                + "templates, or one ${...} expression as a string")
        Object output,
        @Schema(requiredMode = REQUIRED, description = "this version's number; also the ETag") int version,
        @Schema(requiredMode = REQUIRED, description = "when this version was saved") String createdAt,
        @Schema(requiredMode = REQUIRED, description = "the latest version: the flow's last change (a save, "
                + "enable, disable); a past version: when it was saved") String updatedAt) {
}
