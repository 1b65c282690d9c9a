package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Why a webhook delivery failed: the execution's error, or why none could start. */
@Schema(description = "Why a webhook delivery failed or was skipped")
public record WebhookDeliveryError(
        @Schema(requiredMode = REQUIRED, example = "STALE") String code,
        String message,
        @Schema(requiredMode = NOT_REQUIRED, description = "the step that failed its execution") @Nullable String stepId,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "any JSON value") Object details) {
}
