package io.flows.engine.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A subscription: where to send which execution events, and the secret that signs them. */
@MappedEntity(value = "subscriptions", escape = false)
record SubscriptionRow(
        @Id String id,
        String url,
        String events,
        @Nullable String flowId,
        @Nullable String description,
        String secret,
        @Nullable String previousSecret,
        @Nullable Instant previousSecretUntil,
        boolean enabled,
        @Nullable String disabledReason,
        Instant createdAt,
        Instant updatedAt) {

    List<String> eventList() {
        return Arrays.asList(events.split(","));
    }

    boolean wants(String eventType, String executionFlowId) {
        return enabled && eventList().contains(eventType) && (flowId == null || flowId.equals(executionFlowId));
    }

    SubscriptionRow withEnabled(boolean on, String reason, Instant now) {
        return new SubscriptionRow(id, url, events, flowId, description, secret, previousSecret, previousSecretUntil,
                on, on ? null : reason, createdAt, now);
    }

    SubscriptionRow withSecret(String newSecret, Instant oldValidUntil, Instant now) {
        return new SubscriptionRow(id, url, events, flowId, description, newSecret, secret, oldValidUntil, enabled,
                disabledReason, createdAt, now);
    }
}
