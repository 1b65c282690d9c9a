package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** One attempt to send a notification. */
@Schema(description = "One attempt to send a notification")
public record NotificationAttempt(
        int attempt,
        String attemptedAt,
        @Schema(requiredMode = REQUIRED, description = "null when no answer came") @Nullable Integer statusCode,
        @Schema(requiredMode = REQUIRED) @Nullable Long durationMs,
        @Schema(requiredMode = REQUIRED) @Nullable String error,
        @Schema(requiredMode = REQUIRED, description = "the start of the receiver's answer") @Nullable String response) {
}
