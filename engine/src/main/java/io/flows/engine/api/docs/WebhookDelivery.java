package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** A webhook delivery in a list ({@code WebhookService.summary}). */
@Schema(description = "A received webhook delivery")
public record WebhookDelivery(
        String id,
        String flowId,
        String receivedAt,
        @Schema(requiredMode = REQUIRED, allowableValues = {"RECEIVED", "PROCESSED", "FAILED", "SKIPPED_STALE"})
        String status,
        @Schema(requiredMode = NOT_REQUIRED, description = "the execution it started") String executionId,
        @Schema(requiredMode = NOT_REQUIRED, description = "why it failed or was skipped") WebhookDeliveryError error) {
}
