package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A notification delivery in its log ({@code SubscriptionService.view}). */
@Schema(description = "A notification sent (or to be sent) to a subscription, with its attempts")
public record NotificationDelivery(
        @Schema(requiredMode = REQUIRED, description = "also its webhook-id") String id,
        @Schema(requiredMode = REQUIRED, example = "execution.failed") String eventType,
        String executionId,
        String flowId,
        @Schema(requiredMode = REQUIRED, allowableValues = {"PENDING", "SUCCEEDED", "FAILED"}) String status,
        int attempts,
        @Schema(requiredMode = REQUIRED, description = "null unless PENDING") @Nullable String nextAttemptAt,
        @Schema(requiredMode = REQUIRED) @Nullable String lastAttemptAt,
        @Schema(requiredMode = REQUIRED) @Nullable Integer lastStatusCode,
        @Schema(requiredMode = REQUIRED) @Nullable String lastError,
        String createdAt,
        @Schema(requiredMode = REQUIRED) List<NotificationAttempt> attemptLog) {
}
