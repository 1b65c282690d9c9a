package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to {@code POST /api/subscriptions/{id}/secret/rotate}. */
@Schema(description = "The new signing secret; the previous one signs too until previousSecretValidUntil")
public record SubscriptionSecretRotated(
        @Schema(requiredMode = REQUIRED, example = "whsec_...") String secret,
        @Schema(requiredMode = REQUIRED, description = "null when the previous secret could not be read and signs no "
                + "more") @Nullable String previousSecretValidUntil) {
}
