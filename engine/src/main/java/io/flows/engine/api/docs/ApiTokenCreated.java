package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer to creating or rotating a token: the only time its text is shown. */
@Schema(description = "A new API token, with its text (shown this once)")
public record ApiTokenCreated(
        String id,
        String name,
        @Schema(requiredMode = REQUIRED) List<String> scopes,
        String environment,
        String createdAt,
        @Schema(requiredMode = REQUIRED, description = "null: never") @Nullable String expiresAt,
        @Schema(requiredMode = REQUIRED) @Nullable String lastUsedAt,
        @Schema(requiredMode = REQUIRED) @Nullable String revokedAt,
        @Schema(requiredMode = REQUIRED, description = "the bearer token (flw_...)") String token,
        @Schema(requiredMode = NOT_REQUIRED, description = "rotate: the token it replaces") String rotatedFrom) {
}
