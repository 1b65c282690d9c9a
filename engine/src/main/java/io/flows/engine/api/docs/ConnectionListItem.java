package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A connection in the list. */
@Schema(description = "A connection and the environments it has a profile for")
public record ConnectionListItem(
        String name,
        @Schema(requiredMode = REQUIRED) List<String> environments,
        @Schema(requiredMode = REQUIRED, description = "whether it has a profile for this node's environment")
        boolean active) {
}
