package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/subscriptions/{id}/secret}. */
@Schema(description = "A subscription's signing secret")
public record SubscriptionSecret(@Schema(requiredMode = REQUIRED, example = "whsec_...") String secret) {
}
