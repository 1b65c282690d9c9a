package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** The first execution started with an {@code Idempotency-Key} for a flow: what its body was, and whether it waited. */
@MappedEntity(value = "idempotency_keys", escape = false)
public record IdempotencyRow(@Id String id, String flowId, String requestHash, String executionId, boolean waited,
                             Instant createdAt) {

    public static String key(String flowId, String key) {
        return flowId + ":" + key;
    }
}
