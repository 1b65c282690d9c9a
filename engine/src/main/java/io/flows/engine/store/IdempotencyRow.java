package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** The first execution started with an {@code Idempotency-Key} for a flow, and what its body was. */
@MappedEntity(value = "idempotency_keys", escape = false)
public record IdempotencyRow(@Id String id, String flowId, String requestHash, String executionId, Instant createdAt) {

    public static String key(String flowId, String key) {
        return flowId + ":" + key;
    }
}
