package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to {@code POST /hooks/{path}}. */
@Schema(description = "A webhook delivery was stored; the flow runs afterwards")
public record WebhookReceipt(
        @Schema(requiredMode = REQUIRED, description = "always true") boolean received,
        @Schema(requiredMode = NOT_REQUIRED, description = "true, present only when the webhook id was seen "
                + "before: no second execution") Boolean duplicate,
        @Schema(requiredMode = REQUIRED, description = "the delivery's id (the first one's, for a duplicate)")
        String id) {
}
