package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The body of {@code POST /api/tokens}. */
@Schema(description = "A token to create")
public record TokenRequest(
        String name,
        @Schema(requiredMode = REQUIRED, example = "[\"flows:read\", \"executions:run\"]") List<String> scopes,
        @Schema(requiredMode = NOT_REQUIRED, description = "default: this node's environment") String environment,
        @Schema(requiredMode = NOT_REQUIRED, description = "ISO-8601 with an offset; absent: never expires",
                example = "2027-01-31T00:00:00Z") String expiresAt) {
}
