package io.flows.engine.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One attempt of a delivery as the log shows it; {@code statusCode} is null when nothing answered. */
@MappedEntity(value = "notification_attempts", escape = false)
record AttemptRow(
        @Id String id,
        String deliveryId,
        int attempt,
        Instant attemptedAt,
        @Nullable Integer statusCode,
        long durationMs,
        @Nullable String error,
        @Nullable String responseBody) {
}
