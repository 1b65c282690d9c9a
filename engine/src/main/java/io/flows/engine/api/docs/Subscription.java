package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A notification subscription ({@code SubscriptionService.view}): never its secret. */
@Schema(description = "A subscription of a URL to execution events")
public record Subscription(
        String id,
        String url,
        @Schema(requiredMode = REQUIRED, description = "execution.succeeded, execution.failed, execution.cancelled")
        List<String> events,
        @Schema(requiredMode = REQUIRED, description = "null: every flow") @Nullable String flowId,
        @Schema(requiredMode = REQUIRED) @Nullable String description,
        boolean enabled,
        @Schema(requiredMode = REQUIRED, description = "why it was disabled; null while enabled")
        @Nullable String disabledReason,
        String createdAt,
        String updatedAt) {
}
