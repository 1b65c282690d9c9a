package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The body of {@code POST /api/subscriptions}. */
@Schema(description = "A URL to notify of execution events")
public record SubscriptionRequest(
        @Schema(requiredMode = REQUIRED, example = "https://hooks.example.com/flows") String url,
        @Schema(requiredMode = REQUIRED, example = "[\"execution.failed\"]") List<String> events,
        @Schema(requiredMode = NOT_REQUIRED, description = "only this flow's executions; absent: every flow")
        String flowId,
        @Schema(requiredMode = NOT_REQUIRED) String description) {
}
