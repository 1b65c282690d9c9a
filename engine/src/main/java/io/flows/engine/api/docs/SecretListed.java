package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** One entry of {@code GET /api/secrets} ({@code NodeSecrets.Listed}). */
@Schema(description = "A secret's name and where its value comes from; never the value")
public record SecretListed(
        String name,
        @Schema(requiredMode = REQUIRED, allowableValues = {"store", "environment"}) String source,
        @Schema(requiredMode = NOT_REQUIRED, description = "stored secrets only") String updatedAt,
        @Schema(requiredMode = REQUIRED, description = "an environment variable that hides a stored value")
        boolean shadowsStored) {
}
