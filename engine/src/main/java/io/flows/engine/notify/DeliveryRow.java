package io.flows.engine.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One notification to one subscription: the outbox row. Its id is the {@code webhook-id}, the same
 * on every attempt, so a receiver can drop repeats; {@code payload} is the body exactly as signed.
 */
@MappedEntity(value = "notification_deliveries", escape = false)
record DeliveryRow(
        @Id String id,
        String subscriptionId,
        String eventType,
        String executionId,
        String flowId,
        String payload,
        String status,
        int attempts,
        @Nullable Instant nextAttemptAt,
        boolean singleAttempt,
        @Nullable Instant lastAttemptAt,
        @Nullable Integer lastStatusCode,
        @Nullable String lastError,
        Instant createdAt,
        Instant updatedAt) {

    static final String PENDING = "PENDING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
}
