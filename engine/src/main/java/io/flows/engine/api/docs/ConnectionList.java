package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code GET /api/connections}. */
@Schema(description = "This node's environment and every connection")
public record ConnectionList(
        @Schema(requiredMode = REQUIRED, description = "the environment whose profiles this node's flows use")
        String environment,
        @Schema(requiredMode = REQUIRED) List<ConnectionListItem> connections) {
}
