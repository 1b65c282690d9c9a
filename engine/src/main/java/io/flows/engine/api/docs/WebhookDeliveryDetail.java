package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** One webhook delivery with what was received ({@code WebhookService.get}). */
@Schema(description = "A received webhook delivery with its headers and body")
public record WebhookDeliveryDetail(
        String id,
        String flowId,
        String receivedAt,
        @Schema(requiredMode = REQUIRED, allowableValues = {"RECEIVED", "PROCESSED", "FAILED", "SKIPPED_STALE"})
        String status,
        @Schema(requiredMode = NOT_REQUIRED, description = "the execution it started") String executionId,
        @Schema(requiredMode = NOT_REQUIRED, description = "why it failed or was skipped") WebhookDeliveryError error,
        @Schema(requiredMode = REQUIRED, description = "the webhook path it came in on") String path,
        @Schema(requiredMode = REQUIRED, description = "null when the request had none") @Nullable String contentType,
        @Schema(requiredMode = REQUIRED, description = "lower-cased, secrets masked") Map<String, String> headers,
        @Schema(requiredMode = REQUIRED, type = "object", description = "a text each, or a list of texts")
        Object query,
        @Schema(requiredMode = REQUIRED, description = "the body as text, in its charset; secrets masked") String body,
        @Schema(requiredMode = NOT_REQUIRED, description = "the bytes, when the text does not give them back (not "
                + "UTF-8, another charset)") String bodyBase64) {
}
