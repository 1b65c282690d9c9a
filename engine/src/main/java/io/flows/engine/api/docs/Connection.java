package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code GET /api/connections/{name}}. */
@Schema(description = "A connection with its profile for each environment")
public record Connection(
        String name,
        @Schema(requiredMode = REQUIRED, description = "whether it has a profile for this node's environment")
        boolean active,
        @Schema(requiredMode = REQUIRED, description = "the profile of each environment, by environment")
        Map<String, ConnectionProfile> variants) {
}
