package io.flows.engine.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One webhook delivery as received (the inbox row); JSON values as text; {@code nodeId}: who processes it;
 * {@code body} as text, or as the base64 of its bytes when {@code bodyEncoding} says so; {@code flowVersion}: the
 * flow's latest version when it was accepted (null for deliveries from before migration V15).
 */
@MappedEntity(value = "webhook_deliveries", escape = false)
public record WebhookDeliveryRow(
        @Id String id,
        String flowId,
        String path,
        Instant receivedAt,
        String status,
        String headersJson,
        String queryJson,
        @Nullable String body,
        @Nullable String contentType,
        @Nullable String executionId,
        @Nullable String errorJson,
        @Nullable String dedupeKey,
        @Nullable String orderingKey,
        @Nullable Long sequenceNo,
        @Nullable String nodeId,
        @Nullable String bodyEncoding,
        @Nullable Integer flowVersion) {

    /** {@link #bodyEncoding()} of a body kept as the base64 of its bytes (see migration V13). */
    public static final String BASE64 = "base64";
}
