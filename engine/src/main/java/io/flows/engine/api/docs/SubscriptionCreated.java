package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer to {@code POST /api/subscriptions}: the subscription with its signing secret. */
@Schema(description = "A new subscription, with its signing secret")
public record SubscriptionCreated(
        String id,
        String url,
        @Schema(requiredMode = REQUIRED) List<String> events,
        @Schema(requiredMode = REQUIRED, description = "null: every flow") @Nullable String flowId,
        @Schema(requiredMode = REQUIRED) @Nullable String description,
        boolean enabled,
        @Schema(requiredMode = REQUIRED) @Nullable String disabledReason,
        String createdAt,
        String updatedAt,
        @Schema(requiredMode = REQUIRED, description = "the Standard Webhooks signing secret", example = "whsec_...")
        String secret) {
}
