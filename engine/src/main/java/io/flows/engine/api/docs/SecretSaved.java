package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to {@code PUT /api/secrets/{name}}: never the value. */
@Schema(description = "A stored secret, without its value")
public record SecretSaved(
        String name,
        @Schema(requiredMode = REQUIRED, allowableValues = "store") String source,
        String updatedAt,
        @Schema(requiredMode = NOT_REQUIRED, description = "the environment variable whose value wins over the "
                + "stored one") String shadowedBy) {
}
