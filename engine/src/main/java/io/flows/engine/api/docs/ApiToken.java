package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An API token as listed ({@code TokenJson.view}): never its text. */
@Schema(description = "An API token, without its text")
public record ApiToken(
        String id,
        String name,
        @Schema(requiredMode = REQUIRED, description = "flows:read, flows:write, executions:run, metrics:read or admin")
        List<String> scopes,
        @Schema(requiredMode = REQUIRED, description = "the environment it works in") String environment,
        String createdAt,
        @Schema(requiredMode = REQUIRED, description = "null: never") @Nullable String expiresAt,
        @Schema(requiredMode = REQUIRED) @Nullable String lastUsedAt,
        @Schema(requiredMode = REQUIRED) @Nullable String revokedAt,
        @Schema(requiredMode = NOT_REQUIRED, description = "the token a rotation replaced it with") String replacedBy) {
}
